import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, PeriodicTask } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { SchedulesService } from './schedules.service';

/** Sets away the agents still online after their shift ended, on a timer, on every desk instance. */
@Injectable()
export class ShiftEndSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    schedules: SchedulesService,
    @Inject(APP_CONFIG) config: DeskConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.task = new PeriodicTask(
      config.SCHEDULE_SWEEP_MS,
      () => schedules.endShifts(),
      (error) => logger.warn({ err: error }, 'shift-end sweep failed; will retry'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
