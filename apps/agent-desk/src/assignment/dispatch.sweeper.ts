import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, PeriodicWork } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { AssignmentService } from './assignment.service';

/** Reclaims expired offers and offers waiting work, on a timer, on every desk instance. */
@Injectable()
export class DispatchSweeper extends PeriodicWork {
  constructor(
    assignment: AssignmentService,
    @Inject(APP_CONFIG) config: DeskConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(config.DISPATCH_SWEEP_MS, () => assignment.sweep(), logger, 'dispatch sweep');
  }
}
