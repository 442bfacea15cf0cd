import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metrics, runHealthChecks, type HealthCheck } from '@tandem/observability';
import { Public } from './auth';
import { HEALTH_CHECKS } from './tokens';

@Controller()
@Public()
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[],
    private readonly metrics: Metrics,
  ) {}

  /** The process is up; restart it only if this fails. */
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Kafka, Postgres and Redis answer and the consumer is in its group: send traffic. */
  @Get('health/ready')
  async ready(@Res() response: Response): Promise<void> {
    const report = await runHealthChecks(this.checks);
    response.status(report.status === 'ok' ? 200 : 503).json(report);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
