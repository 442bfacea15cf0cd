import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, PeriodicTask } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { AssignmentService } from './assignment.service';

/** Reclaims expired offers and offers waiting work, on a timer, on every desk instance. */
@Injectable()
export class DispatchSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    assignment: AssignmentService,
    @Inject(APP_CONFIG) config: DeskConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.task = new PeriodicTask(
      config.DISPATCH_SWEEP_MS,
      () => assignment.sweep(),
      (error) => logger.warn({ err: error }, 'dispatch sweep failed; will retry'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
