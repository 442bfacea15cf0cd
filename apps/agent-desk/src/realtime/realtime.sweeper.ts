import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, PeriodicTask } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { RealtimeConnections } from './realtime-connections.service';

/**
 * On every desk instance, every REALTIME_SWEEP_MS: heartbeat, reap crashed instances' sockets,
 * and make agents whose connection is gone past the grace away (each agent by one instance).
 */
@Injectable()
export class RealtimeSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly connections: RealtimeConnections,
    @Inject(APP_CONFIG) config: DeskConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.task = new PeriodicTask(
      config.REALTIME_SWEEP_MS,
      async () => {
        await connections.heartbeat();
        await connections.reapDeadInstances();
        await connections.applyGrace();
      },
      (error) => logger.warn({ err: error }, 'realtime sweep failed; will retry'),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    // Alive before the first socket is recorded, so no other instance reaps it meanwhile.
    await this.connections.heartbeat();
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
