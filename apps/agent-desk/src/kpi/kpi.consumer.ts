import { Inject, Injectable } from '@nestjs/common';
import { on, type EventHandler } from '@tandem/messaging';
import { APP_CONFIG, type EventConsumer } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { KPI_SUBSCRIPTIONS, KpiProjection, type KpiEvent } from './kpi.projection';

/**
 * The KPI projection's own consumer group (KPI_CONSUMER_GROUP, default agent-desk-kpi), so it
 * can be rebuilt from the log alone: truncate the KPI tables and start under a new group id
 * (docs/desk/kpis.md).
 */
@Injectable()
export class KpiConsumer implements EventConsumer {
  readonly groupId: string;
  readonly subscriptions = KPI_SUBSCRIPTIONS;

  constructor(
    private readonly projection: KpiProjection,
    @Inject(APP_CONFIG) config: Pick<DeskConfig, 'KPI_CONSUMER_GROUP'>,
  ) {
    this.groupId = config.KPI_CONSUMER_GROUP;
  }

  handlers(): EventHandler[] {
    const fold = async (event: KpiEvent): Promise<void> => {
      await this.projection.fold(this.groupId, event);
    };
    return [
      on('message.received', fold),
      on('bot.replied', fold),
      on('bot.deferred', fold),
      on('escalation.decided', fold),
      on('conversation.queued', fold),
      on('conversation.assigned', fold),
      on('agent.replied', fold),
      on('conversation.resolved', fold),
      on('conversation.transferred', fold),
      on('conversation.reopened', fold),
      on('conversation.abandoned', fold),
      on('survey.answered', fold),
      on('agent.presence_changed', fold),
    ];
  }
}
