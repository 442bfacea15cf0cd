import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { createEvent } from '@tandem/contracts';
import { UnitOfWork } from '@tandem/persistence';
import { DeskConversation, Offer } from '../conversations/desk-conversation.entity';
import { SettingsService } from '../settings/settings.service';
import { abandonDue, waitedSeconds } from './abandon-due';

const ABANDON_BATCH = 200;

/**
 * Conversations nobody took within the tenant's `abandonAfterSeconds` leave the queue:
 * abandoned, their pending offer withdrawn, and `conversation.abandoned` (timeout) tells the
 * bot and the router the conversation is the bot's again. Rows are taken with SKIP LOCKED,
 * so any number of desk instances sweep without doing one twice.
 */
@Injectable()
export class AbandonmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly settings: SettingsService,
  ) {}

  /** Returns how many conversations were abandoned. */
  async sweep(now: Date = new Date()): Promise<number> {
    const tenants: { tenant_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT tenant_id FROM conversations WHERE status IN ('queued', 'offered')`,
    );
    let abandoned = 0;
    for (const { tenant_id: tenantId } of tenants) {
      const { abandonAfterSeconds } = await this.settings.of(tenantId, now.getTime());
      abandoned += await this.sweepTenant(tenantId, abandonAfterSeconds, now);
    }
    return abandoned;
  }

  private async sweepTenant(
    tenantId: string,
    abandonAfterSeconds: number,
    now: Date,
  ): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const waiting = await tx.manager.find(DeskConversation, {
        where: { tenantId, status: In(['queued', 'offered']) },
        order: { queuedAt: 'ASC' },
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
        take: ABANDON_BATCH,
      });
      const due = waiting.filter((conversation) =>
        abandonDue(conversation, now, abandonAfterSeconds),
      );
      for (const conversation of due) {
        if (conversation.status === 'offered') {
          await tx.manager.update(
            Offer,
            { conversationId: conversation.id, tenantId, status: 'pending' },
            { status: 'withdrawn' },
          );
        }
        conversation.status = 'abandoned';
        conversation.agentId = null;
        conversation.abandonedAt = now;
        conversation.preferredAgentId = null;
        conversation.preferredUntil = null;
        await tx.manager.save(conversation);
        tx.emit(
          createEvent('conversation.abandoned', {
            tenantId,
            aggregateId: conversation.id,
            payload: {
              queue: conversation.queue,
              waitedSeconds: waitedSeconds(conversation.queuedAt, now),
              reason: 'timeout',
            },
          }),
        );
      }
      return due.length;
    });
  }
}
