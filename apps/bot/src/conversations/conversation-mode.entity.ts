import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type ConversationMode = 'bot' | 'queued' | 'human' | 'resolved';

/** The bot's projection of each conversation's mode, folded from the conversation log. */
@Entity({ name: 'conversation_modes' })
export class ConversationModeRow {
  @PrimaryColumn({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'text' })
  mode!: ConversationMode;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
