import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { RealtimeRooms, tenantRoom } from './realtime-rooms';

/**
 * Pushes a queue's waiting count and longest wait to its tenant when the queue changes.
 * Changes within REALTIME_QUEUE_COALESCE_MS are pushed once, with the figures read at the end
 * of that moment: 10,000 conversations queued in a burst cost a few counts, not 10,000.
 */
@Injectable()
export class QueueSnapshots implements OnModuleDestroy {
  private readonly due = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly rooms: RealtimeRooms,
    @Inject(APP_CONFIG) private readonly config: DeskConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  changed(tenantId: string, queue: string): void {
    const key = JSON.stringify([tenantId, queue]);
    if (this.due.has(key)) return;
    const timer = setTimeout(() => {
      this.due.delete(key);
      this.push(tenantId, queue).catch((error: unknown) => {
        this.logger.warn({ err: error, tenantId }, 'queue figures could not be pushed');
      });
    }, this.config.REALTIME_QUEUE_COALESCE_MS);
    timer.unref();
    this.due.set(key, timer);
  }

  onModuleDestroy(): void {
    for (const timer of this.due.values()) clearTimeout(timer);
    this.due.clear();
  }

  private async push(tenantId: string, queue: string): Promise<void> {
    const now = new Date();
    const [row]: { waiting: string; oldest: Date | null }[] = await this.dataSource.query(
      `SELECT count(*) AS waiting, min(queued_at) AS oldest FROM conversations
        WHERE tenant_id = $1 AND queue = $2 AND status IN ('queued', 'offered')`,
      [tenantId, queue],
    );
    const oldest = row?.oldest ? new Date(row.oldest) : null;
    this.rooms.emit([tenantRoom(tenantId)], {
      type: 'queue',
      at: now.toISOString(),
      queue,
      waiting: Number(row?.waiting ?? 0),
      longestWaitSeconds: oldest
        ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1_000))
        : null,
    });
  }
}
