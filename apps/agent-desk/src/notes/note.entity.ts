import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An internal note on a conversation: for the desk only, never sent to the customer. */
@Entity({ name: 'notes' })
export class DeskNote {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ name: 'conversation_id' })
  conversationId!: string;

  @Column({ name: 'author_id' })
  authorId!: string;

  @Column({ name: 'author_name' })
  authorName!: string;

  @Column()
  text!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
