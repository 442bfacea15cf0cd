import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createEvent, type AnyEvent } from '@tandem/contracts';
import type { Principal } from '@tandem/auth';
import { UnitOfWork } from '@tandem/persistence';
import { ProblemException } from '@tandem/platform';
import { dropTestDatabase, uniqueId } from '@tandem/testing';
import { AbandonmentService } from '../abandonment/abandonment.service';
import { Agent, Tenant } from '../agents/agent.entity';
import { CannedResponsesService } from '../canned-responses/canned-responses.service';
import { DESK_SCHEMA } from '../database';
import { createDeskTestDatabase } from '../database/test-database';
import { NotesService } from '../notes/notes.service';
import { QueuesService } from '../queues/queues.service';
import { SettingsService } from '../settings/settings.service';
import { TransferTargetsController } from '../transfers/transfer-targets.controller';
import { TransfersService } from '../transfers/transfers.service';
import { WaitingService } from '../waiting/waiting.service';
import { WrapUpService } from '../wrap-up/wrap-up.service';
import { ConversationsService } from './conversations.service';
import {
  DeskConversation,
  DeskMessage,
  Offer,
  PRIORITY_RANK,
  type DeskStatus,
} from './desk-conversation.entity';
import { MonitorService } from './monitor.service';

/** The agent's work on a conversation, on the real Postgres with the desk's migrations. */
describe('the agent’s work on a conversation', () => {
  let databaseUrl = '';
  let dataSource: DataSource;
  let conversations: ConversationsService;
  let transfers: TransfersService;
  let monitor: MonitorService;
  let notes: NotesService;
  let canned: CannedResponsesService;
  let wrapUp: WrapUpService;
  let abandonment: AbandonmentService;
  const tenantId = uniqueId('t');
  const now = new Date();
  const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1_000);
  let alice: Principal;
  let bob: Principal;
  const sam: Principal = { kind: 'user', subject: randomUUID(), tenantId, role: 'supervisor' };
  const admin: Principal = { kind: 'user', subject: 'admin', tenantId, role: 'admin' };

  async function agent(name: string): Promise<Principal> {
    const saved = await dataSource.getRepository(Agent).save({
      tenantId,
      email: `${uniqueId('a')}@desk.test`,
      name,
      role: 'agent',
      passwordHash: 'unused',
      skills: {},
      languages: ['en'],
      capacity: { chat: 5 },
      active: true,
      busyState: null,
      teamId: null,
      presence: 'online',
      presenceAt: now,
      lastOfferedAt: null,
    });
    return { kind: 'user', subject: saved.id, tenantId, role: 'agent', name };
  }

  async function conversation(
    status: DeskStatus,
    agentId: string | null,
    options: { queuedAt?: Date; customerName?: string | null } = {},
  ): Promise<string> {
    const id = uniqueId('c');
    await dataSource.getRepository(DeskConversation).save({
      id,
      tenantId,
      status,
      queue: 'general',
      priority: 'normal',
      priorityRank: PRIORITY_RANK.normal,
      skills: ['lang:en'],
      agentId,
      passedBy: [],
      handoff: {
        summary: 'Card not arrived',
        reasons: [{ code: 'EXPLICIT_REQUEST', detail: 'asked for a person' }],
        transcript: [],
        customerId: randomUUID(),
        channel: { id: 'ch', type: 'generic' },
        lastSentiment: null,
        language: 'en',
        customer:
          options.customerName === undefined
            ? { tier: 'vip', displayName: 'Mei Chen', conversations: [] }
            : { tier: 'standard', displayName: options.customerName, conversations: [] },
      },
      queuedAt: options.queuedAt ?? secondsAgo(120),
      assignedAt: status === 'assigned' ? secondsAgo(60) : null,
      resolvedAt: null,
      wrapUpCode: null,
    });
    return id;
  }

  async function events(conversationId: string): Promise<AnyEvent[]> {
    const rows: { event: AnyEvent }[] = await dataSource.query(
      `SELECT event FROM outbox WHERE event->>'aggregateId' = $1 ORDER BY seq`,
      [conversationId],
    );
    return rows.map((row) => row.event);
  }

  async function refusal(promise: Promise<unknown>): Promise<[number, string]> {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProblemException);
    return [(error as ProblemException).getStatus(), (error as ProblemException).code];
  }

  const load = (id: string) => dataSource.getRepository(DeskConversation).findOneByOrFail({ id });

  beforeAll(async () => {
    ({ databaseUrl, dataSource } = await createDeskTestDatabase());
    await dataSource.getRepository(Tenant).save({ id: tenantId, name: 'Work' });
    const unitOfWork = new UnitOfWork(dataSource, DESK_SCHEMA, null);
    const settings = new SettingsService(dataSource);
    await settings.write(admin, {
      ...(await settings.of(tenantId)),
      reopenWindowSeconds: 600,
      abandonAfterSeconds: 3_600,
      preferAgentSeconds: 90,
    });
    conversations = new ConversationsService(
      unitOfWork,
      new WaitingService(dataSource),
      settings,
      new QueuesService(dataSource),
    );
    transfers = new TransfersService(unitOfWork, settings, new QueuesService(dataSource));
    monitor = new MonitorService(dataSource);
    notes = new NotesService(dataSource);
    canned = new CannedResponsesService(dataSource);
    wrapUp = new WrapUpService(dataSource);
    abandonment = new AbandonmentService(dataSource, unitOfWork, settings);
    alice = await agent('Alice');
    bob = await agent('Bob');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('an agent transfers to a queue with a note: waiting again, and the next agent reads the note', async () => {
    const id = await conversation('assigned', alice.subject);
    const result = await transfers.move(alice, id, 'transfer', {
      toQueue: 'billing',
      note: 'Wants a refund of the duplicate charge',
    });
    expect(result).toMatchObject({ status: 'queued', queue: 'billing', preferredAgentId: null });
    expect(await load(id)).toMatchObject({
      status: 'queued',
      agentId: null,
      queue: 'billing',
      passedBy: [alice.subject],
    });
    const [transferred] = await events(id);
    expect(transferred).toMatchObject({
      type: 'conversation.transferred',
      payload: {
        kind: 'transfer',
        fromAgentId: alice.subject,
        toAgentId: null,
        toQueue: 'billing',
        note: 'Wants a refund of the duplicate charge',
        byId: alice.subject,
      },
    });
    // Alice no longer sees it; Bob, once it is his, reads the note in the view.
    expect(await refusal(monitor.view(alice, id))).toEqual([404, 'DESK.CONVERSATION_NOT_FOUND']);
    await dataSource
      .getRepository(DeskConversation)
      .update({ id }, { status: 'assigned', agentId: bob.subject, assignedAt: now });
    const view = await monitor.view(bob, id);
    expect(view.transfers).toEqual([
      expect.objectContaining({
        fromAgentId: alice.subject,
        fromQueue: 'general',
        toQueue: 'billing',
        note: 'Wants a refund of the duplicate charge',
      }),
    ]);
    expect(view.handoff.reasons).toEqual([
      { code: 'EXPLICIT_REQUEST', detail: 'asked for a person' },
    ]);
  });

  it('shows an agent where a conversation can go: the queues and their colleagues, not their load', async () => {
    await conversation('queued', null);
    const targets = await new TransferTargetsController(
      new QueuesService(dataSource),
      dataSource,
    ).list(alice);
    expect(targets.queues).toContainEqual(
      expect.objectContaining({ name: 'general', open: true, waiting: expect.any(Number) }),
    );
    expect(targets.queues.find((queue) => queue.name === 'general')!.waiting).toBeGreaterThan(0);
    const names = targets.agents.map((colleague) => colleague.name);
    expect(names).toContain('Bob');
    expect(names).not.toContain('Alice');
    expect(Object.keys(targets.agents[0]!).sort()).toEqual(['id', 'languages', 'name', 'presence']);
  });

  it('refuses transfers that are not the agent’s to make, with stable codes', async () => {
    const id = await conversation('assigned', alice.subject);
    const note = 'n';
    expect(await refusal(transfers.move(bob, id, 'transfer', { toQueue: 'x', note }))).toEqual([
      404,
      'DESK.CONVERSATION_NOT_FOUND',
    ]);
    expect(
      await refusal(transfers.move(alice, id, 'transfer', { toAgentId: randomUUID(), note })),
    ).toEqual([409, 'DESK.TARGET_AGENT_UNKNOWN']);
    expect(
      await refusal(transfers.move(alice, id, 'transfer', { toAgentId: alice.subject, note })),
    ).toEqual([409, 'DESK.TRANSFER_TO_SAME_AGENT']);
    const queued = await conversation('queued', null);
    expect(await refusal(transfers.move(sam, queued, 'transfer', { toQueue: 'x', note }))).toEqual([
      409,
      'DESK.NOT_ASSIGNED_TO_YOU',
    ]);
    expect(await events(id)).toEqual([]);
  });

  it('a supervisor reassigns an offered conversation to a named agent: the offer is withdrawn, the agent preferred', async () => {
    const id = await conversation('offered', alice.subject);
    const offerId = randomUUID();
    await dataSource.getRepository(Offer).save({
      id: offerId,
      tenantId,
      conversationId: id,
      agentId: alice.subject,
      status: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + 30_000),
    });
    const result = await transfers.move(
      sam,
      id,
      'reassign',
      { toAgentId: bob.subject, note: 'Bob knows this customer' },
      now,
    );
    expect(result.preferredAgentId).toBe(bob.subject);
    expect(result.preferredUntil).toBe(new Date(now.getTime() + 90_000).toISOString());
    expect(await dataSource.getRepository(Offer).findOneByOrFail({ id: offerId })).toMatchObject({
      status: 'withdrawn',
    });
    expect(await load(id)).toMatchObject({
      status: 'queued',
      agentId: null,
      preferredAgentId: bob.subject,
    });
    expect((await events(id))[0]).toMatchObject({
      type: 'conversation.transferred',
      payload: { kind: 'reassign', fromAgentId: null, toAgentId: bob.subject, byId: sam.subject },
    });
  });

  it('resolving needs a note and, once the tenant has codes, a known active one', async () => {
    const id = await conversation('assigned', alice.subject);
    // No codes yet: any code, but never without a note.
    expect(await refusal(conversations.resolve(alice, id, 'anything', ' '))).toEqual([
      400,
      'DESK.RESOLUTION_NOTE_REQUIRED',
    ]);
    await wrapUp.create(admin, { code: 'billing', label: 'Billing', active: true });
    await wrapUp.create(admin, { code: 'legacy', label: 'Old', active: true });
    await wrapUp.update(admin, 'legacy', { label: 'Old', active: false });
    expect(
      await refusal(wrapUp.create(admin, { code: 'billing', label: 'B', active: true })),
    ).toEqual([409, 'DESK.WRAP_UP_CODE_EXISTS']);
    expect(await refusal(conversations.resolve(alice, id, 'shipping', 'done'))).toEqual([
      400,
      'DESK.UNKNOWN_WRAP_UP_CODE',
    ]);
    expect(await refusal(conversations.resolve(alice, id, 'legacy', 'done'))).toEqual([
      400,
      'DESK.WRAP_UP_CODE_INACTIVE',
    ]);
    await conversations.resolve(alice, id, 'billing', 'Refunded the duplicate charge', now);
    const [resolved] = await events(id);
    expect(resolved).toMatchObject({
      type: 'conversation.resolved',
      payload: {
        wrapUpCode: 'billing',
        note: 'Refunded the duplicate charge',
        reopenUntil: new Date(now.getTime() + 600_000).toISOString(),
      },
    });
    expect((await monitor.view(alice, id)).wrapUp).toEqual({
      code: 'billing',
      note: 'Refunded the duplicate charge',
    });
  });

  it('a customer message within the window reopens it for the previous agent; after the window it stays resolved', async () => {
    const message = (id: string, at: Date) =>
      createEvent('message.received', {
        tenantId,
        aggregateId: id,
        occurredAt: at,
        payload: {
          messageId: randomUUID(),
          channel: { id: 'ch', type: 'generic' },
          channelMessageId: uniqueId('m'),
          customer: { id: 'cu' },
          text: 'It happened again',
          attachments: [],
          receivedAt: at.toISOString(),
        },
      });
    const within = await conversation('assigned', alice.subject);
    await conversations.resolve(alice, within, 'billing', 'Refunded', now);
    const reopening = message(within, new Date(now.getTime() + 300_000));
    expect(await conversations.record(reopening)).toBe(true);
    expect(await conversations.record(reopening)).toBe(false); // redelivered: nothing twice
    expect(await load(within)).toMatchObject({
      status: 'queued',
      agentId: null,
      queue: 'general',
      priority: 'normal',
      resolvedAt: null,
      preferredAgentId: alice.subject,
      preferredUntil: new Date(now.getTime() + 390_000),
    });
    expect((await events(within)).map((event) => event.type)).toEqual([
      'conversation.resolved',
      'conversation.reopened',
      'conversation.queued',
    ]);
    expect((await events(within))[1]).toMatchObject({
      payload: {
        previousAgentId: alice.subject,
        resolvedAt: now.toISOString(),
        messageId: reopening.payload.messageId,
      },
    });

    const after = await conversation('assigned', alice.subject);
    await conversations.resolve(alice, after, 'billing', 'Refunded', now);
    expect(await conversations.record(message(after, new Date(now.getTime() + 600_001)))).toBe(
      false,
    );
    expect((await load(after)).status).toBe('resolved');
  });

  it('abandons conversations waiting past the limit, withdrawing the pending offer', async () => {
    const queued = await conversation('queued', null, { queuedAt: secondsAgo(3_700) });
    const offered = await conversation('offered', bob.subject, { queuedAt: secondsAgo(4_000) });
    const fresh = await conversation('queued', null, { queuedAt: secondsAgo(60) });
    const offerId = randomUUID();
    await dataSource.getRepository(Offer).save({
      id: offerId,
      tenantId,
      conversationId: offered,
      agentId: bob.subject,
      status: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + 30_000),
    });
    await abandonment.sweep(now);
    expect(await load(queued)).toMatchObject({ status: 'abandoned', agentId: null });
    expect(await load(offered)).toMatchObject({ status: 'abandoned', agentId: null });
    expect((await load(fresh)).status).toBe('queued');
    expect((await dataSource.getRepository(Offer).findOneByOrFail({ id: offerId })).status).toBe(
      'withdrawn',
    );
    expect(await events(queued)).toEqual([
      expect.objectContaining({
        type: 'conversation.abandoned',
        payload: { queue: 'general', waitedSeconds: 3_700, reason: 'timeout' },
      }),
    ]);
    // A second sweep finds nothing more to do.
    expect(await abandonment.sweep(now)).toBe(0);
  });

  it('notes, canned responses rendered for the customer, delivery status and the latest assist in the view', async () => {
    const id = await conversation('assigned', alice.subject);
    await notes.add(alice, id, 'Customer is travelling, reply by e-mail tomorrow');
    await notes.add(sam, id, 'Approved a goodwill credit');
    expect(await refusal(notes.add(bob, id, 'not mine'))).toEqual([
      404,
      'DESK.CONVERSATION_NOT_FOUND',
    ]);

    const template = await canned.create(sam, {
      shortcut: 'hello',
      title: 'Greeting',
      text: 'Hi {{customer.name|there}}, {{agent.name}} here.',
      language: 'en',
    });
    expect(
      await refusal(
        canned.create(sam, { shortcut: 'hello', title: 'Again', text: 'Hi', language: 'en' }),
      ),
    ).toEqual([409, 'DESK.CANNED_RESPONSE_EXISTS']);
    expect(await canned.render(alice, template.id, id)).toMatchObject({
      text: 'Hi Mei Chen, Alice here.',
      missing: [],
    });
    const anonymous = await conversation('assigned', alice.subject, { customerName: null });
    expect(await canned.render(alice, template.id, anonymous)).toMatchObject({
      text: 'Hi there, Alice here.',
      missing: ['customer.name'],
    });
    expect(await canned.list(bob, { q: 'greet' })).toHaveLength(1);

    const { replyId } = await conversations.reply(alice, id, 'We are on it');
    const { replyId: lost } = await conversations.reply(alice, id, 'Anything else?');
    await conversations.delivered(
      createEvent('delivery.succeeded', {
        tenantId,
        aggregateId: id,
        payload: { replyId, channelId: 'ch', attempts: 1 },
      }),
    );
    await conversations.delivered(
      createEvent('delivery.failed', {
        tenantId,
        aggregateId: id,
        payload: { replyId: lost, channelId: 'ch', attempts: 3, reason: 'callback answered 500' },
      }),
    );
    for (const [messageId, draftReply] of [
      ['m1', 'first draft'],
      ['m2', 'Cards arrive in 3–5 days.'],
    ] as const) {
      await conversations.suggested(
        createEvent('assist.suggested', {
          tenantId,
          aggregateId: id,
          payload: { messageId, articles: [], draftReply },
        }),
      );
    }
    const view = await monitor.view(alice, id);
    expect(view.notes.map((note) => note.text)).toEqual([
      'Customer is travelling, reply by e-mail tomorrow',
      'Approved a goodwill credit',
    ]);
    expect(view.messages.map((m) => [m.text, m.deliveryStatus, m.deliveryDetail])).toEqual([
      ['We are on it', 'delivered', null],
      ['Anything else?', 'failed', 'callback answered 500'],
    ]);
    expect(view.assist).toMatchObject({ messageId: 'm2', draftReply: 'Cards arrive in 3–5 days.' });
    // Notes are never events: nothing reaches the customer or the log.
    expect((await events(id)).map((event) => event.type)).toEqual([
      'agent.replied',
      'agent.replied',
    ]);
    expect(await dataSource.getRepository(DeskMessage).countBy({ conversationId: id })).toBe(2);
  });

  it('lists each conversation with its channel, the customer’s latest sentiment and when they last wrote', async () => {
    const id = await conversation('assigned', alice.subject);
    const analyzed = (score: number, secondsBefore: number) =>
      createEvent('message.analyzed', {
        tenantId,
        aggregateId: id,
        occurredAt: secondsAgo(secondsBefore),
        payload: {
          messageId: randomUUID(),
          language: 'en',
          sentiment: {
            polarity: score < 0 ? 'negative' : 'neutral',
            score,
            intensity: Math.abs(score),
          },
          humanRequested: false,
          intent: null,
          emotions: [],
        },
      });
    const listed = async () =>
      (await monitor.list(alice, { limit: 200 })).conversations.find((c) => c.id === id)!;
    expect(await listed()).toMatchObject({
      channel: 'generic',
      language: 'en',
      sentiment: null,
      lastCustomerMessageAt: null,
    });

    await conversations.analyzed(analyzed(-0.7, 5));
    // An older analysis arriving late (or twice) never overwrites the newer one.
    await conversations.analyzed(analyzed(0.4, 30));
    await conversations.analyzed(analyzed(-0.7, 5));
    expect((await listed()).sentiment).toMatchObject({ polarity: 'negative', score: -0.7 });
    expect((await monitor.view(alice, id)).sentiment).toMatchObject({ score: -0.7 });

    const wrote = secondsAgo(3);
    await dataSource.getRepository(DeskMessage).insert({
      id: randomUUID(),
      tenantId,
      conversationId: id,
      role: 'customer',
      text: 'Still nothing!',
      authorId: null,
      at: wrote,
      deliveryStatus: null,
      deliveryDetail: null,
    });
    expect((await listed()).lastCustomerMessageAt).toBe(wrote.toISOString());

    // A resolved conversation keeps the sentiment it had; later analyses do not touch it.
    await dataSource.getRepository(DeskConversation).update({ id }, { status: 'resolved' });
    await conversations.analyzed(analyzed(0.9, 0));
    expect((await monitor.view(sam, id)).sentiment).toMatchObject({ score: -0.7 });
  });

  it('supervisors monitor the tenant with filters and pages; agents see only their own', async () => {
    const mine = await monitor.list(bob, { limit: 200 });
    expect(mine.conversations.every((c) => c.agentId === bob.subject)).toBe(true);
    const assigned = await monitor.list(sam, { status: 'assigned', limit: 200 });
    expect(assigned.conversations.length).toBeGreaterThan(2);
    expect(assigned.conversations.every((c) => c.status === 'assigned')).toBe(true);
    const byAlice = await monitor.list(sam, { agentId: alice.subject, limit: 200 });
    expect(byAlice.conversations.every((c) => c.agentId === alice.subject)).toBe(true);
    const billing = await monitor.list(sam, { queue: 'billing', limit: 200 });
    expect(billing.conversations.map((c) => c.queue)).toEqual(['billing']);

    const all = await monitor.list(sam, { limit: 200 });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await monitor.list(sam, { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.conversations.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.conversations.map((c) => c.id));
    expect(await refusal(monitor.list(sam, { limit: 3, cursor: 'nonsense' }))).toEqual([
      400,
      'DESK.INVALID_CURSOR',
    ]);
  });
});
