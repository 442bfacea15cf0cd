import { CreateOutboxAndInbox1763800000000 } from '@tandem/persistence';
import { ArticleVersion } from '../articles/article-version.entity';
import { Article } from '../articles/article.entity';
import { CaseMessage } from '../learning/case-message.entity';
import { KnowledgeInitial1763800000400 } from './migrations/1763800000400-knowledge-initial';
import { ArticleLifecycle1763800000410 } from './migrations/1763800000410-article-lifecycle';

export const KNOWLEDGE_SCHEMA = 'knowledge';
export const knowledgeEntities = [Article, ArticleVersion, CaseMessage];
export const knowledgeMigrations = [
  CreateOutboxAndInbox1763800000000,
  KnowledgeInitial1763800000400,
  ArticleLifecycle1763800000410,
];
