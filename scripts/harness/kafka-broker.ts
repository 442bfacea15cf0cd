import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@tandem/testing';
import { freePort } from './platform';

const run = promisify(execFile);

/**
 * A second, private Kafka broker for tests that stop and restart it, started by the same
 * stack script (and the same jars) as the shared one, so other tests are not disturbed.
 */
export class PrivateKafkaBroker {
  private readonly dir = mkdtempSync(join(tmpdir(), 'tandem-kafka-'));
  private port = 0;
  private controllerPort = 0;

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    if (this.port === 0) {
      this.port = await freePort();
      this.controllerPort = await freePort();
    }
    await this.stack('up');
  }

  async down(): Promise<void> {
    await this.stack('down');
  }

  async destroy(): Promise<void> {
    await this.down().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async stack(command: 'up' | 'down'): Promise<void> {
    await run('bash', [join(REPO_ROOT, 'scripts', 'stack.sh'), command, 'kafka'], {
      env: {
        ...process.env,
        TANDEM_STACK_DIR: this.dir,
        TANDEM_KAFKA_LIB: join(REPO_ROOT, '.stack', 'kafka-lib'),
        KAFKA_PORT: String(this.port),
        KAFKA_CONTROLLER_PORT: String(this.controllerPort),
      },
      timeout: 120_000,
    });
  }
}
