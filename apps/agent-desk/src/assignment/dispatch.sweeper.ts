import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { AssignmentService } from './assignment.service';

/** Reclaims expired offers and offers waiting work, on a timer, on every desk instance. */
@Injectable()
export class DispatchSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly assignment: AssignmentService,
    @Inject(APP_CONFIG) private readonly config: DeskConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.assignment
        .sweep()
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'dispatch sweep failed; will retry'),
        )
        .finally(() => {
          this.running = null;
          if (this.timer) this.schedule();
        });
    }, this.config.DISPATCH_SWEEP_MS);
  }
}
