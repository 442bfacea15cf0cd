import {
  actorName,
  allowedActions,
  guessLocale,
  changedFields,
  cleanQuestions,
  ifMatch,
  isLearnedDraft,
  pageOf,
  parseTags,
  reviewQueue,
  stepsToPublish,
  type Article,
} from './model';

function article(overrides: Partial<Article>): Article {
  return {
    id: 'a1',
    title: 'When will my card arrive?',
    body: 'In 3–5 working days.',
    questions: ['card arrival'],
    locale: 'en',
    tags: [],
    topic: null,
    channelVariants: {},
    status: 'draft',
    source: 'learned',
    sourceConversationId: 'c1',
    mergedInto: null,
    sourceRef: null,
    version: 1,
    updatedBy: 'system',
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('the review workflow', () => {
  it('offers the transitions each status allows', () => {
    expect(allowedActions('draft')).toEqual(['submit', 'reject']);
    expect(allowedActions('in_review')).toEqual(['publish', 'reopen', 'reject']);
    expect(allowedActions('published')).toEqual(['retire']);
    expect(allowedActions('retired')).toEqual(['reopen']);
    expect(allowedActions('rejected')).toEqual(['reopen']);
  });

  it('publishes a draft by submitting it first', () => {
    expect(stepsToPublish('draft')).toEqual(['submit', 'publish']);
    expect(stepsToPublish('in_review')).toEqual(['publish']);
    expect(stepsToPublish('published')).toBeNull();
  });

  it('sends the version as a quoted ETag', () => {
    expect(ifMatch(3)).toEqual({ 'If-Match': '"3"' });
  });
});

describe('the review queue', () => {
  it('holds unpublished drafts drafted from conversations, oldest first, once each', () => {
    const learned = article({ id: 'l', createdAt: '2026-12-01T10:00:00Z' });
    const corrected = article({
      id: 'c',
      source: 'corrected',
      status: 'in_review',
      createdAt: '2026-12-01T09:00:00Z',
    });
    const review = article({ id: 'r', source: 'review', createdAt: '2026-12-01T11:00:00Z' });
    const written = article({ id: 'w', source: 'written' });
    const imported = article({ id: 'i', source: 'imported' });
    const published = article({ id: 'p', status: 'published' });
    const rejected = article({ id: 'x', status: 'rejected' });
    expect(isLearnedDraft(learned)).toBe(true);
    expect(isLearnedDraft(written)).toBe(false);
    expect(
      reviewQueue([
        learned,
        written,
        review,
        imported,
        corrected,
        published,
        rejected,
        learned,
      ]).map((a) => a.id),
    ).toEqual(['c', 'l', 'r']);
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 45 }, (_, index) => index);
  it('cuts pages and clamps the page number', () => {
    expect(pageOf(items, 1, 20)).toMatchObject({ page: 1, pages: 3, total: 45 });
    expect(pageOf(items, 3, 20).items).toEqual([40, 41, 42, 43, 44]);
    expect(pageOf(items, 9, 20).page).toBe(3);
    expect(pageOf(items, 0, 20).page).toBe(1);
    expect(pageOf([], 1, 20)).toEqual({ items: [], page: 1, pages: 1, total: 0 });
  });
});

describe('editing', () => {
  it('cleans questions and tags: trimmed, no blanks, no repeats in any case', () => {
    expect(cleanQuestions([' a ', '', 'A', 'b'])).toEqual(['a', 'b']);
    expect(parseTags('cards, 退款，delivery、 cards')).toEqual(['cards', '退款', 'delivery']);
  });

  it('patches only what changed', () => {
    const base = article({ tags: ['cards'], topic: 'Cards' });
    const same = { ...base, title: ` ${base.title} `, tags: ['cards', ' '] };
    expect(changedFields(base, same)).toEqual({});
    expect(
      changedFields(base, {
        ...base,
        body: 'New **body**',
        questions: ['card arrival', 'where is my card', ''],
        topic: '  ',
      }),
    ).toEqual({
      body: 'New **body**',
      questions: ['card arrival', 'where is my card'],
      topic: null,
    });
  });
});

describe('guessLocale and actorName', () => {
  it('reads the script of a question', () => {
    expect(guessLocale('我可以分期付款吗？', 'en')).toBe('zh');
    expect(guessLocale('Can I pay later?', 'zh')).toBe('en');
    expect(guessLocale('123?', 'zh')).toBe('zh');
  });

  it('names the reader, keeps system, shortens other ids', () => {
    const me = { id: '6070bf8f-a495-4a87-a3c4-88c874c27c15', name: 'Sam' };
    expect(actorName(me.id, me)).toBe('Sam');
    expect(actorName('system', me)).toBe('system');
    expect(actorName('11111111-2222-3333-4444-555555555555', me)).toBe('11111111');
  });
});
