import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { createEvent } from '@tandem/contracts';
import type { Logger } from '@tandem/observability';
import { UnitOfWork } from '@tandem/persistence';
import { APP_CONFIG, LOGGER } from '@tandem/platform';
import { AssignmentService } from '../assignment/assignment.service';
import type { DeskConfig } from '../config';
import { SettingsService } from '../settings/settings.service';
import { decideGrace } from './presence-grace';

const GRACE_BATCH = 200;

interface DisconnectedRow {
  id: string;
  tenant_id: string;
  presence: string;
  disconnected_at: Date;
}

/**
 * Presence from the realtime connection, correct with any number of desk instances and when
 * one crashes. Postgres holds every socket (`agent_sockets`, by instance) and each instance's
 * heartbeat; an agent's row gets `disconnected_at` when their last socket anywhere goes, and
 * loses it when one comes back. Connect and disconnect of one agent serialise on the agent's
 * row, so the last-socket test never races a reconnect on another instance.
 *
 * Any instance's sweep then applies the grace (the tenant's `presenceGraceSeconds`): past it,
 * the agent becomes away (cause `connection`) and their pending offers go back to the queue.
 * A crashed instance stops heartbeating; after REALTIME_INSTANCE_TTL_MS another instance
 * removes its sockets, counting the agents' grace from its last heartbeat.
 */
@Injectable()
export class RealtimeConnections {
  /** This process's id: a restarted instance is a new one (its old sockets are reaped). */
  readonly instanceId = randomUUID();

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly assignment: AssignmentService,
    private readonly settings: SettingsService,
    @Inject(APP_CONFIG) private readonly config: DeskConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The agent as the socket handshake needs them; null when the account is gone. */
  async agent(tenantId: string, agentId: string): Promise<{ presence: string } | null> {
    if (!/^[0-9a-f-]{36}$/i.test(agentId)) return null;
    const rows: { presence: string }[] = await this.dataSource.query(
      `SELECT presence FROM agents WHERE id = $1 AND tenant_id = $2`,
      [agentId, tenantId],
    );
    return rows[0] ?? null;
  }

  /**
   * A socket is up: it counts, and a pending grace is cancelled (nothing else changes).
   * Returns the agent's presence.
   */
  async connected(
    tenantId: string,
    agentId: string,
    socketId: string,
    now: Date = new Date(),
  ): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      // The agent's row lock orders this against a disconnect elsewhere (see markGone).
      const [agent]: { presence: string }[] = await manager.query(
        `SELECT presence FROM agents WHERE id = $1 FOR UPDATE`,
        [agentId],
      );
      await manager.query(
        `INSERT INTO agent_sockets (socket_id, tenant_id, agent_id, instance_id, connected_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (socket_id) DO NOTHING`,
        [socketId, tenantId, agentId, this.instanceId, now],
      );
      await manager.query(
        `UPDATE agents SET disconnected_at = NULL WHERE id = $1 AND disconnected_at IS NOT NULL`,
        [agentId],
      );
      return agent?.presence ?? 'offline';
    });
  }

  /** A socket went: if it was the agent's last one anywhere, their grace starts now. */
  async disconnected(agentId: string, socketId: string, now: Date = new Date()): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT id FROM agents WHERE id = $1 FOR UPDATE`, [agentId]);
      await manager.query(`DELETE FROM agent_sockets WHERE socket_id = $1`, [socketId]);
      await this.markGone(manager, [agentId], now);
    });
  }

  /** Tells the others this instance is alive (its sockets still count). */
  async heartbeat(now: Date = new Date()): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO realtime_instances (id, seen_at) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET seen_at = EXCLUDED.seen_at`,
      [this.instanceId, now],
    );
  }

  /** Removes the sockets of instances that stopped heartbeating (crashed). */
  async reapDeadInstances(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.REALTIME_INSTANCE_TTL_MS);
    return this.dataSource.transaction(async (manager) => {
      const dead: { id: string; seen_at: Date }[] = await manager.query(
        `SELECT id, seen_at FROM realtime_instances WHERE seen_at < $1
         ORDER BY seen_at LIMIT 20 FOR UPDATE SKIP LOCKED`,
        [cutoff],
      );
      for (const instance of dead) {
        await this.dropInstance(manager, instance.id, instance.seen_at);
        this.logger.warn(
          { instanceId: instance.id, seenAt: instance.seen_at },
          'desk instance stopped heartbeating; its sockets are gone',
        );
      }
      return dead.length;
    });
  }

  /** This instance stops (its sockets were closed): they all count as gone now. */
  async leave(now: Date = new Date()): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.dropInstance(manager, this.instanceId, now),
    );
  }

  /**
   * Applies the grace to agents whose connection has gone: each is handled by one instance
   * (row lock, skip locked), once (their `disconnected_at` is cleared with the change).
   */
  async applyGrace(now: Date = new Date()): Promise<number> {
    const candidates: DisconnectedRow[] = await this.dataSource.query(
      `SELECT id, tenant_id, presence, disconnected_at FROM agents
        WHERE disconnected_at IS NOT NULL AND disconnected_at <= $1
        ORDER BY disconnected_at LIMIT ${GRACE_BATCH}`,
      [now],
    );
    let applied = 0;
    for (const candidate of candidates) {
      const { presenceGraceSeconds } = await this.settings.of(candidate.tenant_id);
      if (
        decideGrace(
          { presence: candidate.presence, disconnectedAt: candidate.disconnected_at },
          presenceGraceSeconds,
          now,
        ) === 'wait'
      )
        continue;
      if (await this.expire(candidate.id, presenceGraceSeconds, now)) applied += 1;
    }
    return applied;
  }

  /** One agent past their grace: away (and an event), then their offers back to the queue. */
  private async expire(agentId: string, graceSeconds: number, now: Date): Promise<boolean> {
    const outcome = await this.unitOfWork.run(async (tx) => {
      const [row]: DisconnectedRow[] = await tx.manager.query(
        `SELECT id, tenant_id, presence, disconnected_at FROM agents
          WHERE id = $1 AND disconnected_at IS NOT NULL FOR UPDATE SKIP LOCKED`,
        [agentId],
      );
      if (!row) return null; // reconnected, or another instance has it
      const decision = decideGrace(
        { presence: row.presence, disconnectedAt: row.disconnected_at },
        graceSeconds,
        now,
      );
      if (decision === 'wait') return null;
      if (decision === 'away') {
        await tx.manager.query(
          `UPDATE agents SET presence = 'away', presence_at = $2, disconnected_at = NULL WHERE id = $1`,
          [agentId, now],
        );
        tx.emit(
          createEvent('agent.presence_changed', {
            tenantId: row.tenant_id,
            aggregateId: agentId,
            occurredAt: now,
            payload: { agentId, presence: 'away', busyState: null, cause: 'connection' },
          }),
        );
      } else {
        await tx.manager.query(`UPDATE agents SET disconnected_at = NULL WHERE id = $1`, [agentId]);
      }
      return { tenantId: row.tenant_id, decision };
    });
    if (!outcome) return false;
    // After the agent is away, so the dispatch that follows (in it) cannot choose them again.
    const released = await this.assignment.releaseAgentOffers(outcome.tenantId, agentId);
    this.logger.info(
      { tenantId: outcome.tenantId, agentId, outcome: outcome.decision, released },
      'realtime connection gone past the grace',
    );
    return true;
  }

  private async dropInstance(
    manager: EntityManager,
    instanceId: string,
    goneAt: Date,
  ): Promise<void> {
    // A SELECT over the DELETE: TypeORM answers a bare DELETE ... RETURNING as [rows, count].
    const removed: { agent_id: string }[] = await manager.query(
      `WITH removed AS (DELETE FROM agent_sockets WHERE instance_id = $1 RETURNING agent_id)
       SELECT DISTINCT agent_id FROM removed`,
      [instanceId],
    );
    await this.markGone(
      manager,
      removed.map((row) => row.agent_id),
      goneAt,
    );
    await manager.query(`DELETE FROM realtime_instances WHERE id = $1`, [instanceId]);
  }

  /** Agents among these with no socket left anywhere: their grace counts from `goneAt`. */
  private async markGone(manager: EntityManager, agentIds: string[], goneAt: Date): Promise<void> {
    if (agentIds.length === 0) return;
    await manager.query(
      `UPDATE agents SET disconnected_at = $2
        WHERE id = ANY($1::uuid[]) AND disconnected_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM agent_sockets s WHERE s.agent_id = agents.id)`,
      [agentIds, goneAt],
    );
  }
}
