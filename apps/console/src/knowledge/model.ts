// The knowledge service's shapes as the console reads them (apps/knowledge/src/articles,
// gaps; the bot's PlaygroundResponse in docs/openapi/bot.json), and the pure rules the
// screens need: which transitions a status allows, which drafts were learned, paging.

export const ARTICLE_STATUSES = ['draft', 'in_review', 'published', 'retired', 'rejected'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const ARTICLE_SOURCES = ['written', 'imported', 'learned', 'corrected', 'review'] as const;
export type ArticleSource = (typeof ARTICLE_SOURCES)[number];
export type ArticleAction = 'submit' | 'publish' | 'retire' | 'reopen' | 'reject';

export interface Article {
  id: string;
  title: string;
  body: string;
  questions: string[];
  locale: string;
  tags: string[];
  topic: string | null;
  channelVariants: Record<string, string>;
  status: ArticleStatus;
  source: ArticleSource;
  sourceConversationId: string | null;
  mergedInto: string | null;
  sourceRef: string | null;
  version: number;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ArticleVersion {
  version: number;
  title: string;
  body: string;
  questions: string[];
  locale: string;
  tags: string[];
  topic: string | null;
  channelVariants: Record<string, string>;
  change: 'created' | 'updated' | 'rolled_back' | 'imported';
  rolledBackFrom: number | null;
  actor: string;
  createdAt: string;
}

export interface Gap {
  id: string;
  status: 'open' | 'closed';
  occurrences: number;
  terms: string[];
  examples: { text: string; reason: string; confidence: number; at: string }[];
  closedByArticleId: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

export const PLAYGROUND_CHANNELS = ['generic', 'webchat', 'wechat', 'sms', 'email'] as const;
export type PlaygroundChannel = (typeof PLAYGROUND_CHANNELS)[number];

export interface PlaygroundResult {
  analysis: {
    language: 'zh' | 'en' | 'other';
    sentiment: { polarity: 'negative' | 'neutral' | 'positive'; score: number; intensity: number };
    humanRequested: boolean;
    intent: string | null;
    emotions: { emotion: 'anger' | 'anxiety' | 'frustration'; score: number }[];
  };
  decision: 'answer' | 'defer';
  answer: string | null;
  reason: string | null;
  confidence: number;
  sources: { articleId: string; title: string; score: number }[];
  provider: 'local' | 'openai';
  latencyMs: number;
  usage: { model: string; promptTokens: number; completionTokens: number; requests: number } | null;
}

/** The review workflow (apps/knowledge/src/articles/article-transitions.ts), in button order. */
const TRANSITIONS: Record<ArticleAction, readonly ArticleStatus[]> = {
  submit: ['draft'],
  publish: ['in_review'],
  reopen: ['in_review', 'retired', 'rejected'],
  retire: ['published'],
  reject: ['draft', 'in_review'],
};

export function allowedActions(status: ArticleStatus): ArticleAction[] {
  return (Object.keys(TRANSITIONS) as ArticleAction[]).filter((action) =>
    TRANSITIONS[action].includes(status),
  );
}

/** The steps that take an article from `status` to published (a draft is submitted first). */
export function stepsToPublish(status: ArticleStatus): ArticleAction[] | null {
  if (status === 'draft') return ['submit', 'publish'];
  if (status === 'in_review') return ['publish'];
  return null;
}

/** Drafted from a conversation: learned from a resolved case, or a supervisor's correction. */
const FROM_CONVERSATION: readonly ArticleSource[] = ['learned', 'review', 'corrected'];

/** A draft for the review queue: still unpublished, and drafted from a conversation. */
export function isLearnedDraft(article: Article): boolean {
  return (
    (article.status === 'draft' || article.status === 'in_review') &&
    FROM_CONVERSATION.includes(article.source)
  );
}

/** The review queue, the oldest waiting first. */
export function reviewQueue(articles: readonly Article[]): Article[] {
  const seen = new Set<string>();
  return articles
    .filter((article) => {
      if (seen.has(article.id) || !isLearnedDraft(article)) return false;
      seen.add(article.id);
      return true;
    })
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** `If-Match` for a change to the version the editor last read. */
export function ifMatch(version: number): Record<string, string> {
  return { 'If-Match': `"${version}"` };
}

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
}

/** One page (from 1) of a list; a page past the end shows the last one. */
export function pageOf<T>(items: readonly T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return {
    items: items.slice((current - 1) * size, current * size),
    page: current,
    pages,
    total: items.length,
  };
}

/** Sample questions as the API wants them: trimmed, no blanks, no repeats (any case). */
export function cleanQuestions(questions: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of questions) {
    const question = raw.trim();
    const key = question.toLowerCase();
    if (!question || seen.has(key)) continue;
    seen.add(key);
    out.push(question);
  }
  return out;
}

/** Tags typed as "a, b ,c" (or 、 and ，). */
export function parseTags(text: string): string[] {
  return cleanQuestions(text.split(/[,，、]/));
}

export interface ArticleDraft {
  title: string;
  body: string;
  questions: string[];
  locale: string;
  tags: string[];
  topic: string | null;
}

/** The fields of `draft` that differ from `article`: a PATCH body (empty: nothing to save). */
export function changedFields(article: ArticleDraft, draft: ArticleDraft): Partial<ArticleDraft> {
  const changes: Partial<ArticleDraft> = {};
  const title = draft.title.trim();
  const body = draft.body.trim();
  const questions = cleanQuestions(draft.questions);
  const tags = cleanQuestions(draft.tags);
  const topic = draft.topic?.trim() ? draft.topic.trim() : null;
  const locale = draft.locale.trim();
  if (title !== article.title) changes.title = title;
  if (body !== article.body) changes.body = body;
  if (JSON.stringify(questions) !== JSON.stringify(article.questions))
    changes.questions = questions;
  if (JSON.stringify(tags) !== JSON.stringify(article.tags)) changes.tags = tags;
  if (topic !== article.topic) changes.topic = topic;
  if (locale !== article.locale) changes.locale = locale;
  return changes;
}

/** The search words of a gap as one question (its first example is the customer's own words). */
export function gapQuestion(gap: Gap): string {
  return gap.examples[0]?.text ?? gap.terms.join(' ');
}

/** The locale a question is written in, as far as its script tells (Han: zh), else `fallback`. */
export function guessLocale(text: string, fallback: string): string {
  if (/\p{Script=Han}/u.test(text)) return 'zh';
  if (/[a-z]/i.test(text)) return 'en';
  return fallback;
}

/** Who made a version: the reader themself, the system, or a short form of an id. */
export function actorName(actor: string, me: { id: string; name: string }): string {
  if (actor === me.id) return me.name;
  return /^[0-9a-f-]{36}$/i.test(actor) ? actor.slice(0, 8) : actor;
}
