import { OUTBOX_MIGRATIONS } from '@tandem/persistence';
import { ArticleVersion } from '../articles/article-version.entity';
import { Article } from '../articles/article.entity';
import { CaseMessage } from '../learning/case-message.entity';
import { KnowledgeInitial1763800000400 } from './migrations/1763800000400-knowledge-initial';
import { ArticleLifecycle1763800000410 } from './migrations/1763800000410-article-lifecycle';
import { ContentGaps1763800000450 } from './migrations/1763800000450-content-gaps';
import { ArticleUsage1763800000460 } from './migrations/1763800000460-article-usage';
import { ArticleSuggestions1763800000470 } from './migrations/1763800000470-article-suggestions';
import { CaseAnsweredByBot1763800000480 } from './migrations/1763800000480-case-answered-by-bot';
import { SearchGenerations1763800000490 } from './migrations/1763800000490-search-generations';
import { ArticleEmbeddings1763800000500 } from './migrations/1763800000500-article-embeddings';
import { ArticleRejection1763800000510 } from './migrations/1763800000510-article-rejection';
import { ArticleReview1764900000640 } from './migrations/1764900000640-article-review';

export const KNOWLEDGE_SCHEMA = 'knowledge';
export const knowledgeEntities = [Article, ArticleVersion, CaseMessage];
export const knowledgeMigrations = [
  ...OUTBOX_MIGRATIONS,
  KnowledgeInitial1763800000400,
  ArticleLifecycle1763800000410,
  ContentGaps1763800000450,
  ArticleUsage1763800000460,
  ArticleSuggestions1763800000470,
  CaseAnsweredByBot1763800000480,
  SearchGenerations1763800000490,
  ArticleEmbeddings1763800000500,
  ArticleRejection1763800000510,
  ArticleReview1764900000640,
];
