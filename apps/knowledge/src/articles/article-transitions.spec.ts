import type { ArticleStatus } from './article.entity';
import { transition, type ArticleAction } from './article-transitions';

describe('article status transitions', () => {
  it.each<[ArticleStatus, ArticleAction, ArticleStatus]>([
    ['draft', 'submit', 'in_review'],
    ['in_review', 'publish', 'published'],
    ['published', 'retire', 'retired'],
    ['in_review', 'reopen', 'draft'],
    ['retired', 'reopen', 'draft'],
    ['draft', 'reject', 'rejected'],
    ['in_review', 'reject', 'rejected'],
    ['rejected', 'reopen', 'draft'],
  ])('%s, %s → %s', (from, action, to) => {
    expect(transition(from, action)).toEqual({ ok: true, to });
  });

  it.each<[ArticleStatus, ArticleAction]>([
    ['draft', 'publish'],
    ['draft', 'retire'],
    ['draft', 'reopen'],
    ['in_review', 'submit'],
    ['in_review', 'retire'],
    ['published', 'submit'],
    ['published', 'publish'],
    ['published', 'reopen'],
    ['retired', 'publish'],
    ['retired', 'retire'],
    ['published', 'reject'],
    ['retired', 'reject'],
    ['rejected', 'reject'],
    ['rejected', 'publish'],
    ['rejected', 'submit'],
  ])('%s, %s → refused with a stable code', (from, action) => {
    const result = transition(from, action);
    expect(result).toMatchObject({ ok: false, code: 'KNOWLEDGE.INVALID_TRANSITION' });
    if (!result.ok) expect(result.detail).toContain(from);
  });
});
