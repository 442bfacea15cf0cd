import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, LessThan } from 'typeorm';
import { createEvent } from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { UnitOfWork, type Tx } from '@tandem/persistence';
import { APP_CONFIG, LOGGER, ProblemException } from '@tandem/platform';
import { Agent } from '../agents/agent.entity';
import type { DeskConfig } from '../config';
import { DeskConversation, Offer } from '../conversations/desk-conversation.entity';
import { chooseAgent, type AgentCandidate } from './choose-agent';

const DISPATCH_BATCH = 200;

/**
 * Offers waiting conversations to agents. Dispatch for a tenant runs under a Postgres
 * advisory lock, and accepting locks the offer row, so with any number of desk instances a
 * conversation is never offered to two agents, never assigned twice, and no agent goes
 * over capacity.
 */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: DeskConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Offers as many waiting conversations of the tenant as there are free seats. */
  async dispatch(tenantId: string, now: Date = new Date()): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `desk.dispatch:${tenantId}`,
      ]);
      const waiting = await tx.manager.find(DeskConversation, {
        where: { tenantId, status: 'queued' },
        order: { priorityRank: 'DESC', queuedAt: 'ASC' },
        take: DISPATCH_BATCH,
      });
      if (waiting.length === 0) return 0;
      const candidates = await this.candidates(tx, tenantId);
      let offered = 0;
      for (const conversation of waiting) {
        const agent = chooseAgent(conversation, candidates);
        if (!agent) continue;
        await this.offer(tx, conversation, agent, now);
        agent.load += 1;
        agent.lastOfferedAt = now;
        offered += 1;
      }
      return offered;
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
    await this.dispatch(tenantId);
  }

  /** Reclaims expired offers (any instance may; each row is taken by one) and re-dispatches. */
  async sweep(now: Date = new Date()): Promise<void> {
    const expiredTenants = await this.unitOfWork.run(async (tx) => {
      const expired = await tx.manager.find(Offer, {
        where: { status: 'pending', expiresAt: LessThan(now) },
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
        take: DISPATCH_BATCH,
      });
      for (const offer of expired) {
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
      return expired.map((offer) => offer.tenantId);
    });
    const waiting: { tenant_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT tenant_id FROM conversations WHERE status = 'queued'`,
    );
    for (const tenantId of new Set([...expiredTenants, ...waiting.map((row) => row.tenant_id)])) {
      await this.dispatch(tenantId, now);
    }
  }

  private async offer(
    tx: Tx,
    conversation: DeskConversation,
    agent: AgentCandidate,
    now: Date,
  ): Promise<void> {
    const offer = tx.manager.create(Offer, {
      id: randomUUID(),
      tenantId: conversation.tenantId,
      conversationId: conversation.id,
      agentId: agent.id,
      status: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.OFFER_TIMEOUT_SECONDS * 1_000),
    });
    await tx.manager.save(offer);
    conversation.status = 'offered';
    conversation.agentId = agent.id;
    await tx.manager.save(conversation);
    await tx.manager.update(Agent, { id: agent.id }, { lastOfferedAt: now });
    tx.emit(
      createEvent('offer.created', {
        tenantId: conversation.tenantId,
        aggregateId: conversation.id,
        payload: { offerId: offer.id, agentId: agent.id, expiresAt: offer.expiresAt.toISOString() },
      }),
    );
    this.logger.info(
      { conversationId: conversation.id, offerId: offer.id, agentId: agent.id },
      'offered',
    );
  }

  private async candidates(tx: Tx, tenantId: string): Promise<AgentCandidate[]> {
    const agents = await tx.manager.find(Agent, { where: { tenantId, presence: 'online' } });
    if (agents.length === 0) return [];
    const loads: { agent_id: string; load: string }[] = await tx.manager.query(
      `SELECT agent_id, count(*) AS load FROM conversations
        WHERE tenant_id = $1 AND status IN ('offered', 'assigned') AND agent_id = ANY($2::uuid[])
        GROUP BY agent_id`,
      [tenantId, agents.map((agent) => agent.id)],
    );
    const loadOf = new Map(loads.map((row) => [row.agent_id, Number(row.load)]));
    return agents.map((agent) => ({
      id: agent.id,
      skills: agent.skills,
      capacity: agent.capacity,
      load: loadOf.get(agent.id) ?? 0,
      online: true,
      lastOfferedAt: agent.lastOfferedAt,
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

  private async requeue(tx: Tx, offer: Offer): Promise<void> {
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

  pendingOffers(tenantId: string, agentId: string): Promise<Offer[]> {
    return this.dataSource.getRepository(Offer).find({
      where: { tenantId, agentId, status: In(['pending']) },
      order: { createdAt: 'ASC' },
    });
  }

  /**
   * The agent's pending (unaccepted) offers go back to the queue, as if they had expired (their
   * realtime connection is gone). Returns how many; the caller dispatches again.
   */
  async releaseAgentOffers(
    tenantId: string,
    agentId: string,
    now: Date = new Date(),
  ): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const pending = await tx.manager.find(Offer, {
        where: { tenantId, agentId, status: 'pending' },
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
      });
      for (const offer of pending) {
        offer.status = 'expired';
        await tx.manager.save(offer);
        await this.requeue(tx, offer);
        tx.emit(
          createEvent('offer.expired', {
            tenantId,
            aggregateId: offer.conversationId,
            occurredAt: now,
            payload: { offerId: offer.id, agentId },
          }),
        );
      }
      return pending.length;
    });
  }
}
