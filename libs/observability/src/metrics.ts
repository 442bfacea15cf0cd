import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process, with the default Node metrics and the platform's own. */
export class Metrics {
  readonly registry = new Registry();
  readonly eventsConsumed: Counter<'type' | 'outcome'>;
  readonly eventsPublished: Counter<'type'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpRejections: Counter<'code'>;
  readonly handlerDuration: Histogram<'type'>;
  readonly outboxDeadLettered: Counter<'type'>;
  readonly outboxDeadLetters: Gauge;
  private deadLetterSource: (() => Promise<number>) | null = null;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.eventsConsumed = new Counter({
      name: 'tandem_events_consumed_total',
      help: 'Events consumed, by type and outcome (handled, duplicate, ignored, dead_lettered).',
      labelNames: ['type', 'outcome'],
      registers: [this.registry],
    });
    this.eventsPublished = new Counter({
      name: 'tandem_events_published_total',
      help: 'Events acknowledged by Kafka, by type.',
      labelNames: ['type'],
      registers: [this.registry],
    });
    this.httpRequests = new Counter({
      name: 'tandem_http_requests_total',
      help: 'HTTP requests, by method, route and status.',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpRejections = new Counter({
      name: 'tandem_http_rejections_total',
      help: 'Requests rejected with a problem+json response, by stable error code.',
      labelNames: ['code'],
      registers: [this.registry],
    });
    this.handlerDuration = new Histogram({
      name: 'tandem_event_handler_seconds',
      help: 'Time spent handling one consumed event, by type.',
      labelNames: ['type'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.outboxDeadLettered = new Counter({
      name: 'tandem_outbox_dead_lettered_total',
      help: 'Outbox events set aside because they can never be published as they are, by type.',
      labelNames: ['type'],
      registers: [this.registry],
    });
    // A failed count keeps the last value rather than failing the whole scrape.
    const readDeadLetters = async (): Promise<number | null> =>
      this.deadLetterSource ? this.deadLetterSource().catch(() => null) : null;
    this.outboxDeadLetters = new Gauge({
      name: 'tandem_outbox_dead_letters',
      help: 'Dead-lettered outbox events waiting for an operator (retry or drop), read at each scrape.',
      registers: [this.registry],
      async collect() {
        const count = await readDeadLetters();
        if (count !== null) this.set(count);
      },
    });
  }

  /** Where the dead-letter gauge reads its value (the outbox relay counts its table). */
  countOutboxDeadLetters(source: () => Promise<number>): void {
    this.deadLetterSource = source;
  }
}
