import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ChannelType } from '@tandem/contracts';

@Entity({ name: 'channels' })
export class Channel {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'text' })
  type!: ChannelType;

  @Column()
  name!: string;

  /** The shared HMAC secret; never returned by the API nor logged. */
  @Column()
  secret!: string;

  @Column({ name: 'callback_url' })
  callbackUrl!: string;

  @Column({ default: true })
  enabled!: boolean;

  /** Type-specific settings (WeChat appId, Twilio account sid, ...); secrets among them are never returned. */
  @Column({ type: 'jsonb', default: {} })
  settings!: Record<string, string>;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}

export interface ChannelView {
  id: string;
  type: ChannelType;
  name: string;
  callbackUrl: string;
  enabled: boolean;
  /** Setting names only: values may be credentials. */
  settings: string[];
  createdAt: string;
}

export function toChannelView(channel: Channel): ChannelView {
  return {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    callbackUrl: channel.callbackUrl,
    enabled: channel.enabled,
    settings: Object.keys(channel.settings).sort(),
    createdAt: channel.createdAt.toISOString(),
  };
}
