import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, PeriodicTask } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { AbandonmentService } from './abandonment.service';

/** Abandons conversations waiting past the tenant's limit, on a timer, on every desk instance. */
@Injectable()
export class AbandonmentSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    abandonment: AbandonmentService,
    @Inject(APP_CONFIG) config: DeskConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.task = new PeriodicTask(
      config.ABANDON_SWEEP_MS,
      () => abandonment.sweep(),
      (error) => logger.warn({ err: error }, 'abandonment sweep failed; will retry'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
