import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type ArticleStatus = 'draft' | 'published' | 'retired';
export type ArticleSource = 'written' | 'imported' | 'learned';

@Entity({ name: 'articles' })
export class Article {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column()
  title!: string;

  /** The answer, in Markdown. */
  @Column()
  body!: string;

  /** Sample questions ("similar questions") this article answers. */
  @Column({ type: 'text', array: true })
  questions!: string[];

  @Column()
  locale!: string;

  @Column({ type: 'text' })
  status!: ArticleStatus;

  @Column({ type: 'text' })
  source!: ArticleSource;

  @Column({ name: 'source_conversation_id', type: 'text', nullable: true })
  sourceConversationId!: string | null;

  /** Segmented, normalised terms of the title and questions; the tsvector is generated from it. */
  @Column({ name: 'search_text' })
  searchText!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
