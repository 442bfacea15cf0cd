import { DataSource } from 'typeorm';
import { createEvent, ERASED_TEXT, type AnyEvent, type EventEnvelope } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { createLogger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { ProblemException } from '@tandem/platform';
import { dropTestDatabase, uniqueId } from '@tandem/testing';
import { DESK_SCHEMA } from '../database';
import { createDeskTestDatabase } from '../database/test-database';
import { SettingsService } from '../settings/settings.service';
import { sampleDraw } from './review-reasons';
import { REVIEW_KEEP_UNFLAGGED_DAYS, ReviewService } from './review.service';

/** The review queue as a projection of the log, and the verdicts, on the real Postgres. */
describe('ReviewService', () => {
  let databaseUrl = '';
  let dataSource: DataSource;
  let review: ReviewService;
  let settings: SettingsService;

  const supervisor = (tenantId: string): Principal => ({
    kind: 'user',
    subject: 'sup-1',
    tenantId,
    role: 'supervisor',
  });

  /** A reply id the default 5 % sample does not draw, so only the rule under test flags it. */
  function unsampledId(): string {
    for (;;) {
      const id = uniqueId('reply-');
      if (sampleDraw(id) >= 0.05) return id;
    }
  }

  let clock = Date.parse('2026-11-20T10:00:00.000Z');
  const tick = (): Date => new Date((clock += 1_000));

  async function customerAsks(
    tenantId: string,
    conversationId: string,
    customerId: string,
    text: string,
  ): Promise<void> {
    await review.asked(
      createEvent('message.received', {
        tenantId,
        aggregateId: conversationId,
        customerId,
        occurredAt: tick(),
        payload: {
          messageId: uniqueId('m-'),
          channel: { id: 'ch', type: 'webchat' },
          channelMessageId: uniqueId('cm-'),
          customer: { id: customerId },
          text,
          attachments: [],
          receivedAt: new Date(clock).toISOString(),
        },
      }),
    );
  }

  function botReplied(
    tenantId: string,
    conversationId: string,
    customerId: string,
    options: { replyId?: string; confidence: number; kind?: 'answer' | 'notice'; text?: string },
  ): EventEnvelope<'bot.replied'> {
    return createEvent('bot.replied', {
      tenantId,
      aggregateId: conversationId,
      customerId,
      occurredAt: tick(),
      payload: {
        replyId: options.replyId ?? unsampledId(),
        inReplyTo: 'm',
        text: options.text ?? 'Refunds take 5–7 working days.',
        language: 'en',
        confidence: options.confidence,
        sources: [{ articleId: 'art-refunds', title: 'How long does a refund take?', score: 0.7 }],
        provider: 'local',
        kind: options.kind ?? 'answer',
      },
    });
  }

  async function answer(
    tenantId: string,
    conversationId: string,
    customerId: string,
    options: { replyId?: string; confidence: number; kind?: 'answer' | 'notice'; text?: string },
  ): Promise<string> {
    const event = botReplied(tenantId, conversationId, customerId, options);
    await review.answered(event);
    return event.payload.replyId;
  }

  async function rate(
    tenantId: string,
    conversationId: string,
    replyId: string,
    rating: 'helpful' | 'not_helpful',
  ) {
    await review.rated(
      createEvent('answer.rated', {
        tenantId,
        aggregateId: conversationId,
        occurredAt: tick(),
        payload: { replyId, rating, source: 'webchat' },
      }),
    );
  }

  async function outboxOf(tenantId: string): Promise<AnyEvent[]> {
    const rows: { event: AnyEvent }[] = await dataSource.query(
      `SELECT event FROM outbox WHERE event->>'tenantId' = $1 ORDER BY seq`,
      [tenantId],
    );
    return rows.map((row) => row.event);
  }

  async function problemOf(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProblemException);
    return {
      status: (error as ProblemException).getStatus(),
      code: (error as ProblemException).code,
    };
  }

  beforeAll(async () => {
    ({ databaseUrl, dataSource } = await createDeskTestDatabase());
    settings = new SettingsService(dataSource);
    review = new ReviewService(
      dataSource,
      new UnitOfWork(dataSource, DESK_SCHEMA, null),
      settings,
      createLogger('review-int', 'silent'),
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('queues a low-confidence answer with the question it answered; a confident one is only remembered, a notice not at all', async () => {
    const tenantId = uniqueId('t');
    await customerAsks(tenantId, 'c1', 'cust-1', 'How long does a refund to a gift card take?');
    await customerAsks(tenantId, 'c1', 'cust-1', ' '); // an attachment alone asks nothing
    const event = botReplied(tenantId, 'c1', 'cust-1', { confidence: 0.42 });
    await review.answered(event);
    await review.answered(event); // redelivered: nothing changes
    await answer(tenantId, 'c1', 'cust-1', { confidence: 0.9 });
    await answer(tenantId, 'c1', 'cust-1', { confidence: 1, kind: 'notice', text: 'You are 2nd.' });

    const queue = await review.list(tenantId, { status: 'pending', limit: 20 });
    expect(queue).toEqual({
      items: [
        expect.objectContaining({
          id: event.payload.replyId,
          conversationId: 'c1',
          customerId: 'cust-1',
          question: 'How long does a refund to a gift card take?',
          answer: 'Refunds take 5–7 working days.',
          confidence: 0.42,
          reasons: ['LOW_CONFIDENCE'],
          status: 'pending',
          verdict: null,
          sources: [
            { articleId: 'art-refunds', title: 'How long does a refund take?', score: 0.7 },
          ],
        }),
      ],
      counts: { LOW_CONFIDENCE: 1, SAMPLED: 0, RATED_POORLY: 0, POOR_CSAT: 0 },
      total: 1,
      nextCursor: null,
    });
    expect(await review.get(tenantId, event.payload.replyId)).toEqual(queue.items[0]);
  });

  it('a tenant that samples everything queues every answer as sampled', async () => {
    const tenantId = uniqueId('t');
    await settings.write(supervisor(tenantId), {
      ...(await settings.of(tenantId)),
      review: { sampleRate: 1, lowConfidenceBelow: 0.6 },
    });
    const replyId = await answer(tenantId, 'c1', 'cust-1', { confidence: 0.9 });
    expect((await review.get(tenantId, replyId)).reasons).toEqual(['SAMPLED']);
  });

  it('"not helpful" queues an answer nobody flagged, and extends the reasons of a flagged one; a later "helpful" takes it back', async () => {
    const tenantId = uniqueId('t');
    await customerAsks(tenantId, 'c1', 'cust-1', 'Can I change my PIN online?');
    const quiet = await answer(tenantId, 'c1', 'cust-1', { confidence: 0.95 });
    await expect(problemOf(review.get(tenantId, quiet))).resolves.toEqual({
      status: 404,
      code: 'DESK.REVIEW_NOT_FOUND',
    });
    const low = await answer(tenantId, 'c1', 'cust-1', { confidence: 0.3 });

    await rate(tenantId, 'c1', quiet, 'not_helpful');
    await rate(tenantId, 'c1', low, 'not_helpful');
    await rate(tenantId, 'c1', 'a-reply-never-seen', 'not_helpful');
    expect(await review.get(tenantId, quiet)).toMatchObject({
      reasons: ['RATED_POORLY'],
      rating: 'not_helpful',
      question: 'Can I change my PIN online?',
    });
    expect((await review.get(tenantId, low)).reasons).toEqual(['LOW_CONFIDENCE', 'RATED_POORLY']);
    const rated = await review.list(tenantId, {
      status: 'pending',
      reason: 'RATED_POORLY',
      limit: 20,
    });
    expect(rated.items.map((item) => item.id)).toEqual([low, quiet]);
    expect(rated.counts).toEqual({ LOW_CONFIDENCE: 1, SAMPLED: 0, RATED_POORLY: 2, POOR_CSAT: 0 });

    await rate(tenantId, 'c1', quiet, 'helpful');
    await rate(tenantId, 'c1', low, 'helpful');
    await expect(problemOf(review.get(tenantId, quiet))).resolves.toMatchObject({ status: 404 });
    expect(await review.get(tenantId, low)).toMatchObject({
      reasons: ['LOW_CONFIDENCE'],
      rating: 'helpful',
    });
  });

  it('a poor CSAT flags every pending answer of the bot in that conversation; a good one or an NPS does not', async () => {
    const tenantId = uniqueId('t');
    const first = await answer(tenantId, 'c1', 'cust-1', { confidence: 0.9 });
    const second = await answer(tenantId, 'c1', 'cust-1', { confidence: 0.8 });
    const elsewhere = await answer(tenantId, 'c2', 'cust-2', { confidence: 0.9 });
    const survey = (conversationId: string, kind: 'csat' | 'nps', score: number) =>
      review.surveyed(
        createEvent('survey.answered', {
          tenantId,
          aggregateId: conversationId,
          customerId: 'cust',
          occurredAt: tick(),
          payload: { surveyId: uniqueId('s-'), kind, score, comment: null, source: 'webchat' },
        }),
      );
    await survey('c2', 'csat', 3);
    await survey('c2', 'nps', 0);
    await survey('c1', 'csat', 2);

    const queue = await review.list(tenantId, { status: 'pending', limit: 20 });
    expect(queue.items.map((item) => [item.id, item.reasons])).toEqual([
      [second, ['POOR_CSAT']],
      [first, ['POOR_CSAT']],
    ]);
    expect(queue.items.map((item) => item.id)).not.toContain(elsewhere);
  });

  it('pages newest first with a cursor, and refuses a cursor it never gave', async () => {
    const tenantId = uniqueId('t');
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1)
      ids.push(await answer(tenantId, `c${i}`, 'cust-1', { confidence: 0.1 }));
    const first = await review.list(tenantId, { status: 'pending', limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual([ids[4], ids[3]]);
    expect(first.total).toBe(5);
    const second = await review.list(tenantId, {
      status: 'pending',
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    const last = await review.list(tenantId, {
      status: 'pending',
      limit: 2,
      cursor: second.nextCursor!,
    });
    expect(last.items.map((item) => item.id)).toEqual([ids[0]]);
    expect(last.nextCursor).toBeNull();
    await expect(
      problemOf(review.list(tenantId, { status: 'pending', limit: 2, cursor: 'bm9wZQ' })),
    ).resolves.toEqual({ status: 400, code: 'DESK.INVALID_REVIEW_QUERY' });
  });

  it('a verdict reviews the item once and puts answer.reviewed in the outbox for the customer; another tenant sees nothing', async () => {
    const tenantId = uniqueId('t');
    await customerAsks(tenantId, 'c1', 'cust-1', 'How long does a refund to a gift card take?');
    const wrong = await answer(tenantId, 'c1', 'cust-1', { confidence: 0.4 });
    const right = await answer(tenantId, 'c1', 'cust-1', { confidence: 0.5 });
    const correction = 'Refunds to a gift card are instant.';

    await expect(
      problemOf(review.judge(supervisor(uniqueId('other')), wrong, { verdict: 'right' })),
    ).resolves.toEqual({ status: 404, code: 'DESK.REVIEW_NOT_FOUND' });

    const judged = await review.judge(supervisor(tenantId), wrong, {
      verdict: 'wrong',
      correction,
    });
    expect(judged).toMatchObject({
      id: wrong,
      status: 'reviewed',
      verdict: 'wrong',
      correction,
      reviewerId: 'sup-1',
    });
    await expect(
      problemOf(review.judge(supervisor(tenantId), wrong, { verdict: 'right' })),
    ).resolves.toEqual({ status: 409, code: 'DESK.REVIEW_ALREADY_DONE' });
    await review.judge(supervisor(tenantId), right, { verdict: 'right' });

    const events = await outboxOf(tenantId);
    expect(events.map((event) => [event.type, event.aggregateId, event.customerId])).toEqual([
      ['answer.reviewed', 'c1', 'cust-1'],
      ['answer.reviewed', 'c1', 'cust-1'],
    ]);
    expect(events[0]!.payload).toEqual({
      replyId: wrong,
      verdict: 'wrong',
      question: 'How long does a refund to a gift card take?',
      answer: 'Refunds take 5–7 working days.',
      correction,
      locale: 'en',
      reviewerId: 'sup-1',
      sourceArticleIds: ['art-refunds'],
    });
    expect(events[1]!.payload).toMatchObject({
      replyId: right,
      verdict: 'right',
      correction: null,
    });

    expect((await review.list(tenantId, { status: 'pending', limit: 20 })).items).toEqual([]);
    const reviewed = await review.list(tenantId, { status: 'reviewed', limit: 20 });
    expect(reviewed.items.map((item) => [item.id, item.verdict])).toEqual([
      [right, 'right'],
      [wrong, 'wrong'],
    ]);
    expect(reviewed.counts.LOW_CONFIDENCE).toBe(2);
    // A rating after the verdict is kept, but does not put it back in the queue.
    await rate(tenantId, 'c1', right, 'not_helpful');
    expect(await review.get(tenantId, right)).toMatchObject({
      status: 'reviewed',
      rating: 'not_helpful',
      reasons: ['LOW_CONFIDENCE'],
    });
  });

  it("erasing a customer deletes their items and questions, merged customers' too", async () => {
    const tenantId = uniqueId('t');
    await customerAsks(tenantId, 'c1', 'cust-1', 'my question');
    const mine = await answer(tenantId, 'c1', 'cust-1', { confidence: 0.1 });
    const merged = await answer(tenantId, 'c2', 'cust-merged', { confidence: 0.1 });
    const someoneElse = await answer(tenantId, 'c3', 'cust-3', { confidence: 0.1 });
    await review.judge(supervisor(tenantId), mine, { verdict: 'right' });
    await review.erase(
      createEvent('customer.erased', {
        tenantId,
        aggregateId: 'cust-1',
        payload: {
          customerId: 'cust-1',
          mergedCustomerIds: ['cust-merged'],
          conversationIds: ['c1'],
          reason: 'request',
          erasedAt: new Date().toISOString(),
        },
      }),
    );
    for (const id of [mine, merged])
      await expect(problemOf(review.get(tenantId, id))).resolves.toMatchObject({ status: 404 });
    expect((await review.get(tenantId, someoneElse)).id).toBe(someoneElse);
    const [{ n }] = (await dataSource.query(
      `SELECT count(*)::int AS n FROM review_questions WHERE tenant_id = $1`,
      [tenantId],
    )) as [{ n: number }];
    expect(n).toBe(0);

    // A rebuild reads the erased customer's texts as ERASED_TEXT: nothing of theirs comes back.
    await customerAsks(tenantId, 'c1', 'cust-1', ERASED_TEXT);
    const replayed = await answer(tenantId, 'c1', 'cust-1', { confidence: 0.1, text: ERASED_TEXT });
    await expect(problemOf(review.get(tenantId, replayed))).resolves.toMatchObject({
      status: 404,
    });
    const [{ questions }] = (await dataSource.query(
      `SELECT count(*)::int AS questions FROM review_questions WHERE tenant_id = $1`,
      [tenantId],
    )) as [{ questions: number }];
    expect(questions).toBe(0);
  });

  it('forgets answers nobody flagged after the keeping time, and keeps flagged ones', async () => {
    const tenantId = uniqueId('t');
    const quiet = await answer(tenantId, 'c1', 'cust-1', { confidence: 0.95 });
    const flagged = await answer(tenantId, 'c1', 'cust-1', { confidence: 0.1 });
    await review.prune(new Date(clock + (REVIEW_KEEP_UNFLAGGED_DAYS + 1) * 86_400_000));
    // Too late to be rated: the answer is gone, so a rating cannot queue it.
    await rate(tenantId, 'c1', quiet, 'not_helpful');
    await expect(problemOf(review.get(tenantId, quiet))).resolves.toMatchObject({ status: 404 });
    expect((await review.get(tenantId, flagged)).reasons).toEqual(['LOW_CONFIDENCE']);
  });
});
