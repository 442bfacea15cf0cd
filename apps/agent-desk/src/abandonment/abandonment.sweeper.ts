import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, PeriodicWork } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { AbandonmentService } from './abandonment.service';

/** Abandons conversations waiting past the tenant's limit, on a timer, on every desk instance. */
@Injectable()
export class AbandonmentSweeper extends PeriodicWork {
  constructor(
    abandonment: AbandonmentService,
    @Inject(APP_CONFIG) config: DeskConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(config.ABANDON_SWEEP_MS, () => abandonment.sweep(), logger, 'abandonment sweep');
  }
}
