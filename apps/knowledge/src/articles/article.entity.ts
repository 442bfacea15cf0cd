import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ChannelType } from '@tandem/contracts';

export const ARTICLE_STATUSES = ['draft', 'in_review', 'published', 'retired', 'rejected'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
/** `review`: drafted from a supervisor's correction in the desk's review queue (sourceRef: the reply id). */
export const ARTICLE_SOURCES = ['written', 'imported', 'learned', 'corrected', 'review'] as const;
export type ArticleSource = (typeof ARTICLE_SOURCES)[number];
/** Per channel type, a body that replaces the default one there (say, a short SMS answer). */
export type ChannelVariants = Partial<Record<ChannelType, string>>;

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

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  tags!: string[];

  @Column({ type: 'text', nullable: true })
  topic!: string | null;

  @Column({ name: 'channel_variants', type: 'jsonb', default: () => `'{}'` })
  channelVariants!: ChannelVariants;

  @Column({ type: 'text' })
  status!: ArticleStatus;

  @Column({ type: 'text' })
  source!: ArticleSource;

  /** The conversation a learned, corrected or reviewed article came from. */
  @Column({ name: 'source_conversation_id', type: 'text', nullable: true })
  sourceConversationId!: string | null;

  /** The article a rejected draft was merged into. */
  @Column({ name: 'merged_into', type: 'uuid', nullable: true })
  mergedInto!: string | null;

  /** Where else it came from: an import file, a URL, a ticket. */
  @Column({ name: 'source_ref', type: 'text', nullable: true })
  sourceRef!: string | null;

  /** The current content version; callers send it back in If-Match to change the article. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy!: string | null;

  /** Segmented, normalised terms of the title and questions; the tsvector is generated from it. */
  @Column({ name: 'search_text' })
  searchText!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
