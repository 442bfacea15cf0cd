import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, PeriodicWork } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { SchedulesService } from './schedules.service';

/** Sets away the agents still online after their shift ended, on a timer, on every desk instance. */
@Injectable()
export class ShiftEndSweeper extends PeriodicWork {
  constructor(
    schedules: SchedulesService,
    @Inject(APP_CONFIG) config: DeskConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(config.SCHEDULE_SWEEP_MS, () => schedules.endShifts(), logger, 'shift-end sweep');
  }
}
