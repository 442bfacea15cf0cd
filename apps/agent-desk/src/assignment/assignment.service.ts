import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, In, LessThan } from 'typeorm';
import { createEvent } from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { UnitOfWork, type Tx } from '@tandem/persistence';
import { APP_CONFIG, LOGGER, ProblemException } from '@tandem/platform';
import { Agent } from '../agents/agent.entity';
import { MEDIA, type Media } from '../agents/seat';
import type { DeskConfig } from '../config';
import { DeskConversation, Offer } from '../conversations/desk-conversation.entity';
import { QueuesService } from '../queues/queues.service';
import { chooseAgent, type AgentCandidate, type WaitingConversation } from './choose-agent';

/** Waiting conversations read per page while free seats remain. */
const DISPATCH_PAGE = 500;
/** At most this many pages per dispatch: the rest waits for the next one (a sweep is 1 s away). */
const DISPATCH_MAX_PAGES = 20;
/** Expired offers reclaimed per sweep transaction. */
const SWEEP_BATCH = 500;
/** A requested dispatch whose tenant another instance is dispatching tries again this soon. */
const LOCKED_RETRY_MS = 50;

interface WaitingRow {
  id: string;
  queue: string;
  skills: string[];
  media: Media;
  queued_at: Date;
  /** queued_at as Postgres prints it, to the microsecond (a JS Date keeps milliseconds). */
  queued_key: string;
  passed_by: string[];
  preferred_agent_id: string | null;
  preferred_until: Date | null;
  rank: number;
}

/**
 * Offers waiting conversations to agents. Everything that decides who may get work (dispatch,
 * presence changes, releasing an agent's offers) runs under one Postgres advisory lock per
 * tenant, and accepting locks the offer row, so with any number of desk instances a
 * conversation is never offered to two agents, never assigned twice, and no agent goes over
 * capacity. A partial unique index (one pending offer per conversation) backs this up in the
 * database itself.
 */
@Injectable()
export class AssignmentService implements OnModuleDestroy {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly queues: QueuesService,
    @Inject(APP_CONFIG) private readonly config: DeskConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Per tenant: the dispatch running on this instance, and whether another must follow it. */
  private readonly requested = new Map<string, { again: boolean; done: Promise<void> }>();
  private stopping = false;

  /**
   * Asks for a dispatch of the tenant without waiting for it: what an escalation, a resolve,
   * a decline or an agent coming online does. One dispatch per tenant runs at a time on an
   * instance; requests meanwhile coalesce into one more run after it, and a tenant another
   * instance is dispatching is tried again shortly (its run may have read the waiting list
   * before this request's change committed). So a burst of escalations costs their handlers
   * nothing and makes a few large dispatches instead of as many contending ones; a failure is
   * logged and the sweeper offers the work on its next round.
   */
  requestDispatch(tenantId: string): void {
    if (this.stopping) return;
    const running = this.requested.get(tenantId);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: true, done: Promise.resolve() };
    state.done = (async () => {
      try {
        while (state.again && !this.stopping) {
          state.again = false;
          const offered = await this.dispatch(tenantId, new Date(), { waitForLock: false });
          if (offered === null) {
            state.again = true;
            await new Promise((resolve) => setTimeout(resolve, LOCKED_RETRY_MS));
          }
        }
      } catch (error) {
        this.logger.warn(
          { err: error, tenantId },
          'requested dispatch failed; the sweeper retries',
        );
      } finally {
        this.requested.delete(tenantId);
      }
    })();
    this.requested.set(tenantId, state);
  }

  /** No new dispatch starts; the one running finishes before the pool closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.dispatchesSettled();
  }

  /** Resolves when no requested dispatch runs on this instance (tests, shutdown). */
  async dispatchesSettled(): Promise<void> {
    while (this.requested.size > 0)
      await Promise.all([...this.requested.values()].map((state) => state.done));
  }

  /** Takes the tenant's dispatch lock for the rest of the transaction. */
  static async lockTenant(tx: Tx, tenantId: string): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `desk.dispatch:${tenantId}`,
    ]);
  }

  /**
   * Offers waiting conversations of the tenant to the best eligible agents, in order of
   * effective priority (priority rank + queue boost) then waiting time, while seats are free.
   * `waitForLock: false` skips a tenant another instance is dispatching now: null then.
   */
  async dispatch(
    tenantId: string,
    now: Date = new Date(),
    options: { waitForLock?: boolean } = {},
  ): Promise<number | null> {
    return this.unitOfWork.run(async (tx) => {
      if (options.waitForLock === false) {
        const [row]: { locked: boolean }[] = await tx.manager.query(
          `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
          [`desk.dispatch:${tenantId}`],
        );
        if (!row?.locked) return null;
      } else await AssignmentService.lockTenant(tx, tenantId);

      let candidates = (await this.candidates(tx, tenantId)).filter(hasFreeSeat);
      if (candidates.length === 0) return 0;
      // Free seats per media: work of a media nobody has room for is not even read.
      const free: Record<Media, number> = { chat: 0, email: 0, call: 0 };
      for (const agent of candidates)
        for (const media of MEDIA)
          free[media] += Math.max(0, (agent.capacity[media] ?? 0) - agent.load[media]);
      const book = await this.queues.book(tenantId, tx.manager);
      const closed = book.closedAt(now);
      const chosen: { row: WaitingRow; agent: AgentCandidate }[] = [];
      const seen = new Set<string>();
      let after: WaitingRow | null = null;
      for (let page = 0; page < DISPATCH_MAX_PAGES; page += 1) {
        const open = MEDIA.filter((media) => free[media] > 0);
        if (open.length === 0) break;
        const rows = await this.waitingPage(tx, tenantId, closed, open, after);
        for (const row of rows) {
          if (seen.has(row.id) || free[row.media] === 0) continue;
          seen.add(row.id);
          const conversation: WaitingConversation = {
            skills: row.skills,
            media: row.media,
            queuedAt: new Date(row.queued_at),
            passedBy: row.passed_by,
            preferredAgentId: row.preferred_agent_id,
            preferredUntil: row.preferred_until ? new Date(row.preferred_until) : null,
          };
          const queue = book.named(row.queue);
          const agent = chooseAgent(
            conversation,
            queue,
            (name) => book.named(name),
            candidates,
            now,
          );
          if (!agent) continue;
          agent.load[row.media] += 1;
          agent.lastOfferedAt = now;
          free[row.media] -= 1;
          chosen.push({ row, agent });
        }
        after = rows.at(-1) ?? null;
        // Full agents drop out: later pages test fewer.
        candidates = candidates.filter(hasFreeSeat);
        if (rows.length < DISPATCH_PAGE || candidates.length === 0) break;
      }
      if (chosen.length === 0) return 0;
      return this.offerAll(tx, tenantId, chosen, now);
    });
  }

  async accept(
    tenantId: string,
    agentId: string,
    offerId: string,
    now: Date = new Date(),
  ): Promise<DeskConversation> {
    return this.unitOfWork.run(async (tx) => {
      const offer = await this.lockPendingOffer(tx, tenantId, agentId, offerId);
      if (offer.expiresAt <= now) {
        throw new ProblemException(
          409,
          'DESK.OFFER_EXPIRED',
          'This offer has expired and went back to the queue.',
        );
      }
      const agent = await tx.manager.findOneByOrFail(Agent, { id: agentId, tenantId });
      offer.status = 'accepted';
      await tx.manager.save(offer);
      const conversation = await tx.manager.findOneByOrFail(DeskConversation, {
        id: offer.conversationId,
        tenantId,
      });
      conversation.status = 'assigned';
      conversation.agentId = agentId;
      conversation.assignedAt = now;
      await tx.manager.save(conversation);
      tx.emit(
        createEvent('conversation.assigned', {
          tenantId,
          aggregateId: conversation.id,
          payload: { offerId, agentId, agentName: agent.name },
        }),
      );
      return conversation;
    });
  }

  async decline(
    tenantId: string,
    agentId: string,
    offerId: string,
    reason: string | null,
  ): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const offer = await this.lockPendingOffer(tx, tenantId, agentId, offerId);
      offer.status = 'declined';
      await tx.manager.save(offer);
      await this.requeue(tx, offer);
      tx.emit(
        createEvent('offer.declined', {
          tenantId,
          aggregateId: offer.conversationId,
          payload: { offerId, agentId, reason },
        }),
      );
    });
    this.requestDispatch(tenantId);
  }

  /**
   * Returns the agent's pending offers to the queue as expired (a dropped connection, going
   * away or busy, deactivation), then offers them to others. An offer being accepted at this
   * moment is left to the accept.
   */
  async releaseAgentOffers(tenantId: string, agentId: string): Promise<number> {
    const released = await this.unitOfWork.run(async (tx) => {
      await AssignmentService.lockTenant(tx, tenantId);
      return this.releaseOffersIn(tx, tenantId, agentId);
    });
    if (released > 0) this.requestDispatch(tenantId);
    return released;
  }

  /** In the caller's transaction, which holds the tenant's dispatch lock. */
  async releaseOffersIn(tx: Tx, tenantId: string, agentId: string): Promise<number> {
    const offers = await tx.manager.find(Offer, {
      where: { tenantId, agentId, status: 'pending' },
      lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
    });
    for (const offer of offers) await this.expire(tx, offer);
    return offers.length;
  }

  /** Reclaims expired offers (any instance may; each row is taken by one) and re-dispatches. */
  async sweep(now: Date = new Date()): Promise<void> {
    const expiredTenants = await this.unitOfWork.run(async (tx) => {
      const expired = await tx.manager.find(Offer, {
        where: { status: 'pending', expiresAt: LessThan(now) },
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
        take: SWEEP_BATCH,
      });
      for (const offer of expired) await this.expire(tx, offer);
      return expired.map((offer) => offer.tenantId);
    });
    const waiting: { tenant_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT tenant_id FROM conversations WHERE status = 'queued'`,
    );
    for (const tenantId of new Set([...expiredTenants, ...waiting.map((row) => row.tenant_id)])) {
      await this.dispatch(tenantId, now, { waitForLock: false });
    }
  }

  pendingOffers(tenantId: string, agentId: string): Promise<Offer[]> {
    return this.dataSource.getRepository(Offer).find({
      where: { tenantId, agentId, status: In(['pending']) },
      order: { createdAt: 'ASC' },
    });
  }

  private async expire(tx: Tx, offer: Offer): Promise<void> {
    offer.status = 'expired';
    await tx.manager.save(offer);
    await this.requeue(tx, offer);
    tx.emit(
      createEvent('offer.expired', {
        tenantId: offer.tenantId,
        aggregateId: offer.conversationId,
        payload: { offerId: offer.id, agentId: offer.agentId },
      }),
    );
  }

  /**
   * The next page of queued conversations in offer order, skipping queues closed now and media
   * nobody has room for (the set only shrinks during a run, so the cursor stays valid).
   */
  private waitingPage(
    tx: Tx,
    tenantId: string,
    closed: readonly string[],
    media: readonly Media[],
    after: WaitingRow | null,
  ): Promise<WaitingRow[]> {
    return tx.manager.query(
      `SELECT id, queue, skills, media, queued_at, queued_at::text AS queued_key, passed_by,
              preferred_agent_id, preferred_until,
              priority_rank + queue_boost AS rank
         FROM conversations
        WHERE tenant_id = $1 AND status = 'queued' AND NOT (queue = ANY($2::text[]))
          AND media = ANY($6::text[])
          AND ($3::int IS NULL
               OR priority_rank + queue_boost < $3
               OR (priority_rank + queue_boost = $3 AND (queued_at, id) > ($4::timestamptz, $5::text)))
        ORDER BY priority_rank + queue_boost DESC, queued_at, id
        LIMIT ${DISPATCH_PAGE}`,
      [tenantId, closed, after?.rank ?? null, after?.queued_key ?? null, after?.id ?? null, media],
    );
  }

  /**
   * Writes the chosen offers in a few statements: the conversations move from queued to
   * offered (only those still queued), then one offer row each, the agents' idle clocks, and
   * one offer.created event each.
   */
  private async offerAll(
    tx: Tx,
    tenantId: string,
    chosen: { row: WaitingRow; agent: AgentCandidate }[],
    now: Date,
  ): Promise<number> {
    const updated: { id: string }[] = await tx.manager.query(
      // A CTE, so the driver answers rows (a bare UPDATE answers [rows, count]).
      `WITH moved AS (
         UPDATE conversations c SET status = 'offered', agent_id = pick.agent_id
           FROM unnest($2::text[], $3::uuid[]) AS pick (id, agent_id)
          WHERE c.tenant_id = $1 AND c.id = pick.id AND c.status = 'queued'
          RETURNING c.id)
       SELECT id FROM moved`,
      [tenantId, chosen.map(({ row }) => row.id), chosen.map(({ agent }) => agent.id)],
    );
    const moved = new Set(updated.map((row) => row.id));
    const expiresAt = new Date(now.getTime() + this.config.OFFER_TIMEOUT_SECONDS * 1_000);
    const offers = chosen
      .filter(({ row }) => moved.has(row.id))
      .map(({ row, agent }) => ({
        id: randomUUID(),
        tenantId,
        conversationId: row.id,
        agentId: agent.id,
        status: 'pending' as const,
        createdAt: now,
        expiresAt,
      }));
    if (offers.length === 0) return 0;
    await tx.manager.query(
      `INSERT INTO offers (id, tenant_id, conversation_id, agent_id, status, created_at, expires_at)
       SELECT id, $1, conversation_id, agent_id, 'pending', $2, $3
         FROM unnest($4::uuid[], $5::text[], $6::uuid[]) AS o (id, conversation_id, agent_id)`,
      [
        tenantId,
        now,
        expiresAt,
        offers.map((offer) => offer.id),
        offers.map((offer) => offer.conversationId),
        offers.map((offer) => offer.agentId),
      ],
    );
    await tx.manager.query(`UPDATE agents SET last_offered_at = $2 WHERE id = ANY($1::uuid[])`, [
      [...new Set(offers.map((offer) => offer.agentId))],
      now,
    ]);
    tx.emit(
      ...offers.map((offer) =>
        createEvent('offer.created', {
          tenantId,
          aggregateId: offer.conversationId,
          payload: {
            offerId: offer.id,
            agentId: offer.agentId,
            expiresAt: offer.expiresAt.toISOString(),
          },
        }),
      ),
    );
    this.logger.info({ tenantId, offers: offers.length }, 'offered');
    return offers.length;
  }

  /** The tenant's active online agents with their load per media (two indexed reads). */
  private async candidates(tx: Tx, tenantId: string): Promise<AgentCandidate[]> {
    const agents: {
      id: string;
      team_id: string | null;
      skills: AgentCandidate['skills'];
      languages: string[];
      capacity: AgentCandidate['capacity'];
      last_offered_at: Date | null;
    }[] = await tx.manager.query(
      `SELECT id, team_id, skills, languages, capacity, last_offered_at FROM agents
        WHERE tenant_id = $1 AND presence = 'online' AND active`,
      [tenantId],
    );
    if (agents.length === 0) return [];
    const loads: { agent_id: string; media: Media; load: string }[] = await tx.manager.query(
      `SELECT agent_id, media, count(*) AS load FROM conversations
        WHERE tenant_id = $1 AND status IN ('offered', 'assigned') AND agent_id IS NOT NULL
        GROUP BY agent_id, media`,
      [tenantId],
    );
    const loadOf = new Map<string, Record<Media, number>>();
    for (const row of loads) {
      const load = loadOf.get(row.agent_id) ?? { chat: 0, email: 0, call: 0 };
      load[row.media] = Number(row.load);
      loadOf.set(row.agent_id, load);
    }
    return agents.map((agent) => ({
      id: agent.id,
      active: true,
      presence: 'online' as const,
      teamId: agent.team_id,
      skills: agent.skills,
      languages: agent.languages,
      capacity: agent.capacity,
      load: loadOf.get(agent.id) ?? { chat: 0, email: 0, call: 0 },
      lastOfferedAt: agent.last_offered_at,
    }));
  }

  private async lockPendingOffer(
    tx: Tx,
    tenantId: string,
    agentId: string,
    offerId: string,
  ): Promise<Offer> {
    const offer = /^[0-9a-f-]{36}$/i.test(offerId)
      ? await tx.manager.findOne(Offer, {
          where: { id: offerId, tenantId, agentId },
          lock: { mode: 'pessimistic_write' },
        })
      : null;
    if (!offer)
      throw new ProblemException(404, 'DESK.OFFER_NOT_FOUND', `No offer ${offerId} for you.`);
    if (offer.status !== 'pending') {
      throw new ProblemException(
        409,
        'DESK.OFFER_NOT_PENDING',
        `This offer is already ${offer.status}.`,
      );
    }
    return offer;
  }

  /** The conversation goes back to its queue (unless it has moved on since). */
  async requeue(tx: Tx, offer: Offer): Promise<void> {
    const conversation = await tx.manager.findOneByOrFail(DeskConversation, {
      id: offer.conversationId,
      tenantId: offer.tenantId,
    });
    if (conversation.status !== 'offered' || conversation.agentId !== offer.agentId) return;
    conversation.status = 'queued';
    conversation.agentId = null;
    conversation.passedBy = [...new Set([...conversation.passedBy, offer.agentId])];
    await tx.manager.save(conversation);
  }
}

function hasFreeSeat(agent: AgentCandidate): boolean {
  return MEDIA.some((media) => (agent.capacity[media] ?? 0) > agent.load[media]);
}
