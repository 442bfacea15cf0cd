import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@tandem/observability';
import { APP_CONFIG, LOGGER, PeriodicWork } from '@tandem/platform';
import type { DeskConfig } from '../config';
import { RealtimeConnections } from './realtime-connections.service';

/**
 * On every desk instance, every REALTIME_SWEEP_MS: heartbeat, reap crashed instances' sockets,
 * and make agents whose connection is gone past the grace away (each agent by one instance).
 */
@Injectable()
export class RealtimeSweeper extends PeriodicWork {
  constructor(
    private readonly connections: RealtimeConnections,
    @Inject(APP_CONFIG) config: DeskConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(
      config.REALTIME_SWEEP_MS,
      async () => {
        await connections.heartbeat();
        await connections.reapDeadInstances();
        await connections.applyGrace();
      },
      logger,
      'realtime sweep',
    );
  }

  override async onApplicationBootstrap(): Promise<void> {
    // Alive before the first socket is recorded, so no other instance reaps it meanwhile.
    await this.connections.heartbeat();
    super.onApplicationBootstrap();
  }
}
