import type { ArticleStatus } from './article.entity';

/** What a supervisor can do to an article's status. */
export type ArticleAction = 'submit' | 'publish' | 'retire' | 'reopen' | 'reject';

/**
 * The review workflow: draft → in_review → published → retired, and back to draft from
 * in_review (changes wanted), retired (to revise and publish again) or rejected (a second
 * look). A draft or one in review can be rejected (or merged into another article, which
 * rejects it too). Nothing else: a step never publishes without passing review.
 */
const TRANSITIONS: Record<ArticleAction, { from: readonly ArticleStatus[]; to: ArticleStatus }> = {
  submit: { from: ['draft'], to: 'in_review' },
  publish: { from: ['in_review'], to: 'published' },
  retire: { from: ['published'], to: 'retired' },
  reopen: { from: ['in_review', 'retired', 'rejected'], to: 'draft' },
  reject: { from: ['draft', 'in_review'], to: 'rejected' },
};

export type TransitionResult =
  | { ok: true; to: ArticleStatus }
  | { ok: false; code: 'KNOWLEDGE.INVALID_TRANSITION'; detail: string };

/** Pure: the status an action leads to from `from`, or why it is not allowed. */
export function transition(from: ArticleStatus, action: ArticleAction): TransitionResult {
  const rule = TRANSITIONS[action];
  if (rule.from.includes(from)) return { ok: true, to: rule.to };
  return {
    ok: false,
    code: 'KNOWLEDGE.INVALID_TRANSITION',
    detail: `Cannot ${action} an article that is ${from}; ${action} needs ${rule.from.join(' or ')}.`,
  };
}
