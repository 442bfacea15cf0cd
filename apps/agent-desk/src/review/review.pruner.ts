import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { LOGGER, PeriodicWork } from '@tandem/platform';
import { ReviewService } from './review.service';

const PRUNE_EVERY_MS = 60 * 60_000;

/** Forgets old answers nobody flagged, hourly, on every desk instance (the delete is idempotent). */
@Injectable()
export class ReviewPruner extends PeriodicWork {
  constructor(review: ReviewService, @Inject(LOGGER) logger: Logger) {
    super(PRUNE_EVERY_MS, () => review.prune(), logger, 'review prune');
  }
}
