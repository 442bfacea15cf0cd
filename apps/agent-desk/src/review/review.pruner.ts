import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { LOGGER, PeriodicTask } from '@tandem/platform';
import { ReviewService } from './review.service';

const PRUNE_EVERY_MS = 60 * 60_000;

/** Forgets old answers nobody flagged, hourly, on every desk instance (the delete is idempotent). */
@Injectable()
export class ReviewPruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(review: ReviewService, @Inject(LOGGER) logger: Logger) {
    this.task = new PeriodicTask(
      PRUNE_EVERY_MS,
      () => review.prune(),
      (error) => logger.warn({ err: error }, 'review prune failed; will retry'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
