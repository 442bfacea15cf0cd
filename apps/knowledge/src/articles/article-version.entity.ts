import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ChannelVariants } from './article.entity';

export type ArticleChange = 'created' | 'updated' | 'rolled_back' | 'imported';

/** One content version of an article: what it said, who changed it, when, and how. */
@Entity({ name: 'article_versions' })
export class ArticleVersion {
  @PrimaryColumn({ name: 'article_id', type: 'uuid' })
  articleId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column()
  title!: string;

  @Column()
  body!: string;

  @Column({ type: 'text', array: true })
  questions!: string[];

  @Column()
  locale!: string;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ type: 'text', nullable: true })
  topic!: string | null;

  @Column({ name: 'channel_variants', type: 'jsonb' })
  channelVariants!: ChannelVariants;

  @Column({ type: 'text' })
  change!: ArticleChange;

  @Column({ name: 'rolled_back_from', type: 'integer', nullable: true })
  rolledBackFrom!: number | null;

  @Column()
  actor!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
