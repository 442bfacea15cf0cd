import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TransferKind } from './transfer-rules';

/** One move of a conversation to another agent or queue, with the note for whoever is next. */
@Entity({ name: 'transfers' })
export class Transfer {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ type: 'text' })
  kind!: TransferKind;

  @Column({ name: 'from_agent_id', type: 'uuid', nullable: true })
  fromAgentId!: string | null;

  @Column({ name: 'to_agent_id', type: 'uuid', nullable: true })
  toAgentId!: string | null;

  @Column({ name: 'from_queue' })
  fromQueue!: string;

  @Column({ name: 'to_queue' })
  toQueue!: string;

  @Column()
  note!: string;

  @Column({ name: 'by_id' })
  byId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
