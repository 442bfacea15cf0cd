import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createEvent, topicFor, type AnyEvent } from '@tandem/contracts';
import {
  createKafka,
  deleteTopics,
  ensureTopics,
  EventPublisher,
  LogReader,
  type Kafka,
} from '@tandem/messaging';
import { createLogger } from '@tandem/observability';
import { stackEnv } from '@tandem/testing';
import type { Consumer } from 'kafkajs';
import { DEFAULT_POLICY, policyDocumentSchema } from '../apps/router/src/escalation/policy';
import { replayLog, type LogReplay } from '../apps/router/src/replay/replay-log';
import { PlatformUnderTest } from '../scripts/harness/platform';
import { generateHistory } from './router-history';
import { watchTopic } from './log-watch';
import {
  closedLoop,
  grid,
  loadAverage,
  metric,
  numericArgs,
  openLoop,
  type Summary,
  table,
} from './stats';

/**
 * The router: how fast it replays a log and how fast it decides live.
 *
 * Replay: a generated, seeded log (bench/router-history.ts) of N conversations for one tenant
 * is published unsealed to a fresh topic prefix; then, side by side in the same run, the bare
 * LogReader pass (the floor), `replayLog` with DEFAULT_POLICY (its report must agree with the
 * log) and `replayLog` with a candidate policy.
 *
 * Live: the router (and the gateway, which holds the customers' keys the router's outbox
 * seals the handoff with) as real processes. Per conversation a `message.received` goes on
 * the log first; the timed part is publishing `message.analyzed` with humanRequested (the
 * trigger) until the `escalation.decided` of that conversation reaches a consumer of our own.
 * The baseline in the same run is the Kafka round trip: a `message.analyzed` published and
 * seen by the same consumer.
 *
 *   npm run build && node --expose-gc dist/bench/router.js [--conversations 100000]
 *     [--seed 7] [--decisions 2000] [--concurrency 16] [--rate <per s>] [--seconds 10]
 *     [--skip-live 1] [--skip-replay 1] [--profile 1] [--keep 1]
 * With --keep 1 the generated log stays on the broker (for 24 h) and the bench prints how to
 * replay it with the CLI (`npm run replay`) or through a router's API.
 */
const args = numericArgs();
const CONVERSATIONS = args.get('conversations') ?? 100_000;
const SEED = args.get('seed') ?? 7;
const DECISIONS = args.get('decisions') ?? 2_000;
const CONCURRENCY = args.get('concurrency') ?? 16;
const SECONDS = args.get('seconds') ?? 10;
/** Events per publish call while writing the generated log. */
const PUBLISH_BATCH = 400;
const PUBLISHES_IN_FLIGHT = 8;
/** Customers the gateway knows (it holds their keys). */
const CUSTOMERS = 50;
const DECISION_TIMEOUT_MS = 30_000;

const CANDIDATE = {
  ...policyDocumentSchema.parse({ negativeSentiment: { intensity: 0.6 }, turns: { max: 5 } }),
  version: 2,
};

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const gc = (globalThis as { gc?: () => void }).gc;

/** Peak RSS and heap used while `run` runs (sampled every 20 ms, and at the end). */
async function measured<T>(
  run: () => Promise<T>,
): Promise<{ result: T; seconds: number; peakRss: number; peakHeap: number }> {
  gc?.();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 20);
  const started = performance.now();
  try {
    const result = await run();
    const seconds = (performance.now() - started) / 1000;
    sample();
    return { result, seconds, peakRss, peakHeap };
  } finally {
    clearInterval(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// Replay
// ---------------------------------------------------------------------------------------------

interface Written {
  conversations: number;
  events: number;
  escalated: number;
  reasons: Record<string, number>;
  /** Conversations where `decide` after any event escalates at another turn than the router did. */
  decidesEarlierAfterAnyEvent: { count: number; example: string | null };
  seconds: number;
}

async function writeHistory(
  kafka: Kafka,
  prefix: string,
  tenantId: string,
  channelId: string,
): Promise<Written> {
  const publisher = new EventPublisher(kafka, {
    prefix,
    logger: createLogger('bench', 'silent'),
    sendTimeoutMs: 60_000,
  });
  await publisher.connect();
  const started = performance.now();
  const written: Written = {
    conversations: 0,
    events: 0,
    escalated: 0,
    reasons: {},
    decidesEarlierAfterAnyEvent: { count: 0, example: null },
    seconds: 0,
  };
  const inFlight = new Set<Promise<void>>();
  let batch: AnyEvent[] = [];
  const flush = async () => {
    const sending = publisher.publish(batch);
    batch = [];
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending)).catch(() => undefined);
    if (inFlight.size >= PUBLISHES_IN_FLIGHT) await Promise.race(inFlight);
  };
  try {
    for (const conversation of generateHistory({
      conversations: CONVERSATIONS,
      seed: SEED,
      tenantId,
      channelId,
    })) {
      written.conversations += 1;
      written.events += conversation.events.length;
      if (conversation.escalatedAt) {
        written.escalated += 1;
        for (const code of new Set(conversation.escalatedAt.reasons))
          written.reasons[code] = (written.reasons[code] ?? 0) + 1;
      }
      const anyEvent = conversation.decidesAfterAnyEventAt;
      if (anyEvent !== null && anyEvent !== conversation.escalatedAt?.turn) {
        written.decidesEarlierAfterAnyEvent.count += 1;
        written.decidesEarlierAfterAnyEvent.example ??= conversation.conversationId;
      }
      batch.push(...conversation.events);
      if (batch.length >= PUBLISH_BATCH) await flush();
      if (written.conversations % 20_000 === 0)
        console.log(
          `  ${written.conversations} conversations, ${written.events} events written (load average ${loadAverage()})`,
        );
    }
    if (batch.length > 0) await flush();
    await Promise.all(inFlight);
  } finally {
    await publisher.disconnect();
  }
  written.seconds = (performance.now() - started) / 1000;
  return written;
}

interface Pass {
  seconds: number;
  events: number;
  conversations: number;
  peakRss: number;
  peakHeap: number;
}

async function replayBench(): Promise<void> {
  const stack = stackEnv();
  const kafka = createKafka({
    brokers: stack.KAFKA_BROKERS.split(','),
    clientId: 'bench-router',
    logger: createLogger('bench', 'silent'),
  });
  const prefix = `bench-router-${randomUUID().slice(0, 8)}`;
  const tenantId = 'bench-router-tenant';
  const channelId = randomUUID();
  await ensureTopics(kafka, { prefix, replicationFactor: 1, retentionMs: 24 * 3_600_000 });
  try {
    console.log(
      `writing ${CONVERSATIONS} conversations (seed ${SEED}) to ${prefix}… (load average ${loadAverage()})`,
    );
    const written = await writeHistory(kafka, prefix, tenantId, channelId);
    console.log(
      `  written: ${written.conversations} conversations, ${written.events} events, ` +
        `${written.escalated} escalated (${((100 * written.escalated) / written.conversations).toFixed(1)} %) ` +
        `in ${written.seconds.toFixed(1)} s (${(written.events / written.seconds).toFixed(0)} events/s, ` +
        `generation and publishing); reasons ${JSON.stringify(written.reasons)}`,
    );
    const topic = topicFor(prefix, 'conversations');

    console.log(`(a) LogReader.read, no-op callback… (load average ${loadAverage()})`);
    const seen = new Set<string>();
    const floor = await measured(() =>
      new LogReader(kafka).read(
        [topic],
        (event) => {
          seen.add(event.aggregateId);
        },
        { tenantId },
      ),
    );
    const loadFloor = loadAverage();
    console.log(`(b) replayLog, DEFAULT_POLICY… (load average ${loadAverage()})`);
    const current = await measured(() =>
      replayLog({ kafka, topicPrefix: prefix, tenantId, policy: DEFAULT_POLICY }),
    );
    const loadCurrent = loadAverage();
    console.log(`(c) replayLog, candidate… (load average ${loadAverage()})`);
    const candidate = await measured(() =>
      replayLog({ kafka, topicPrefix: prefix, tenantId, policy: CANDIDATE }),
    );
    const loadCandidate = loadAverage();

    const passes: Record<string, Pass> = {
      'LogReader (floor)': {
        seconds: floor.seconds,
        events: floor.result.events,
        conversations: seen.size,
        peakRss: floor.peakRss,
        peakHeap: floor.peakHeap,
      },
      'replay, default policy': passOf(current),
      'replay, candidate': passOf(candidate),
    };
    const names = Object.keys(passes);
    const column = (pick: (pass: Pass) => string) => names.map((name) => pick(passes[name]!));
    console.log('');
    console.log(
      grid(
        `Replay of ${written.conversations} generated conversations (${written.events} events, one tenant)`,
        names,
        [
          ['conversations', column((p) => String(p.conversations))],
          ['events', column((p) => String(p.events))],
          ['wall time (s)', column((p) => p.seconds.toFixed(1))],
          ['conversations / s', column((p) => (p.conversations / p.seconds).toFixed(0))],
          ['events / s', column((p) => (p.events / p.seconds).toFixed(0))],
          ['peak RSS (MB)', column((p) => mb(p.peakRss))],
          ['peak heap used (MB)', column((p) => mb(p.peakHeap))],
        ],
      ),
    );
    console.log(
      `load average after: floor ${loadFloor}, default ${loadCurrent}, candidate ${loadCandidate}`,
    );
    console.log('');
    checkAgreement(written, current.result);
    console.log('');
    summarizeCandidate(candidate.result);
  } finally {
    if (args.get('keep') === 1)
      console.log(
        `\nkept the log: KAFKA_TOPIC_PREFIX=${prefix} tenant ${tenantId}; replay it with\n` +
          `  KAFKA_TOPIC_PREFIX=${prefix} npm run replay -- --tenant ${tenantId} --policy candidate.json`,
      );
    else await deleteTopics(kafka, prefix).catch(() => undefined);
  }
}

function passOf(run: {
  result: LogReplay;
  seconds: number;
  peakRss: number;
  peakHeap: number;
}): Pass {
  return {
    seconds: run.seconds,
    events: run.result.events,
    conversations: run.result.conversations,
    peakRss: run.peakRss,
    peakHeap: run.peakHeap,
  };
}

/** The default policy's replay must find every escalation of the log, at the same turn. */
function checkAgreement(written: Written, report: LogReplay): void {
  const checks: [string, boolean, string][] = [
    [
      'every conversation replayed',
      report.conversations === written.conversations,
      `${report.conversations} of ${written.conversations}`,
    ],
    [
      'the log’s escalations found',
      report.actual.escalated === written.escalated,
      `${report.actual.escalated} of ${written.escalated}`,
    ],
    [
      'no outcome changes',
      report.changed.newlyEscalated === 0 && report.changed.notEscalated === 0,
      `newly escalated ${report.changed.newlyEscalated}, not escalated ${report.changed.notEscalated}`,
    ],
    [
      'every escalation at the same turn',
      report.timing.same === report.timing.both && report.timing.both === written.escalated,
      `same turn ${report.timing.same} of ${report.timing.both} (earlier ${report.timing.earlier})`,
    ],
  ];
  const agrees = checks.every(([, ok]) => ok);
  console.log(`### Replay with DEFAULT_POLICY against the log: ${agrees ? 'AGREES' : 'DISAGREES'}`);
  for (const [name, ok, detail] of checks)
    console.log(`- ${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
  const predicted = written.decidesEarlierAfterAnyEvent;
  console.log(
    `- generator: in ${predicted.count} conversations \`decide\` escalates after some non-trigger event ` +
      `at another turn than the router did (e.g. ${predicted.example ?? 'none'})`,
  );
  for (const example of report.changed.examples.slice(0, 3))
    console.log(`  changed: ${JSON.stringify(example)}`);
}

function summarizeCandidate(report: LogReplay): void {
  console.log(
    `### Candidate (negativeSentiment.intensity 0.6, turns.max 5) against the log\n` +
      `- escalated ${report.candidate.escalated} (${(report.candidate.rate * 100).toFixed(1)} %) vs ` +
      `${report.actual.escalated} (${(report.actual.rate * 100).toFixed(1)} %) on the log\n` +
      `- newly escalated ${report.changed.newlyEscalated}, not escalated (later or never) ${report.changed.notEscalated}\n` +
      `- both escalated ${report.timing.both}: earlier ${report.timing.earlier}, same turn ${report.timing.same}, ` +
      `mean ${report.timing.meanTurnsEarlier?.toFixed(2) ?? '-'} / median ${report.timing.medianTurnsEarlier ?? '-'} turns earlier\n` +
      `- candidate reasons ${JSON.stringify(report.candidate.reasons)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Live decisions
// ---------------------------------------------------------------------------------------------

/** Reads the conversations topic: which customers the gateway created, and when events arrive. */
class LogWatcher {
  private readonly waiters = new Map<string, (at: number) => void>();
  readonly customers = new Set<string>();
  private consumer: Consumer | null = null;

  constructor(private readonly platform: PlatformUnderTest) {}

  async start(): Promise<void> {
    this.consumer = await watchTopic(
      this.platform.kafka(),
      topicFor(this.platform.topicPrefix, 'conversations'),
      'bench-router',
      (message) => {
        const at = performance.now();
        const type = message.headers?.['event-type']?.toString();
        // The key is the conversation id; the envelope's customerId is not sealed.
        const key = `${type}/${message.key?.toString('utf8')}`;
        const waiter = this.waiters.get(key);
        if (waiter) {
          this.waiters.delete(key);
          waiter(at);
        } else if (type === 'message.received' && this.customers.size < CUSTOMERS) {
          const { customerId } = JSON.parse(message.value!.toString('utf8')) as {
            customerId?: string | null;
          };
          if (customerId) this.customers.add(customerId);
        }
      },
    );
  }

  /** Registers before publishing, so a fast event cannot be missed; resolves with when it arrived. */
  expect(type: AnyEvent['type'], conversationId: string): Promise<number | null> {
    const key = `${type}/${conversationId}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        resolve(null);
      }, DECISION_TIMEOUT_MS);
      this.waiters.set(key, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

async function liveBench(): Promise<void> {
  // The gateway only because the router's outbox seals the handoff with the customer's key,
  // which the gateway alone holds.
  // --profile 1: every app CPU-profiles itself (bench/cpu-profile.ts) and writes a
  // gateway-<time>.cpuprofile into the working directory when stopped (the router's too).
  const profile: Record<string, string> =
    args.get('profile') === 1
      ? { NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile.js')}` }
      : {};
  const platform = new PlatformUnderTest({ LOG_LEVEL: 'warn', ...profile }, ['gateway', 'router'], {
    tap: false,
  });
  await platform.start();
  const publisher = await platform.publisher();
  const watcher = new LogWatcher(platform);
  await watcher.start();
  const router = platform.url('router');
  try {
    for (let i = 0; i < CUSTOMERS; i++) {
      const response = await platform.customerSays(`bench-customer-${i}`, `Hello ${i}`);
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
    }
    const deadline = Date.now() + 60_000;
    while (watcher.customers.size < CUSTOMERS) {
      if (Date.now() > deadline) throw new Error(`only ${watcher.customers.size} customers seen`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const customers = [...watcher.customers];

    const analyzed = (conversationId: string, customerId: string, humanRequested: boolean) =>
      createEvent('message.analyzed', {
        tenantId: platform.tenantId,
        aggregateId: conversationId,
        customerId,
        payload: {
          messageId: randomUUID(),
          language: 'en',
          sentiment: { polarity: 'neutral', score: 0, intensity: 0 },
          humanRequested,
          intent: null,
          emotions: [],
        },
      });

    /**
     * Conversations with their customer message already on the log and folded by the router,
     * so the timed part is the trigger alone.
     */
    const prepare = async (count: number): Promise<{ id: string; customerId: string }[]> => {
      const before = await metric(router, 'tandem_events_consumed_total');
      const prepared = Array.from({ length: count }, (_, i) => ({
        id: randomUUID(),
        customerId: customers[i % customers.length]!,
      }));
      for (let i = 0; i < prepared.length; i += PUBLISH_BATCH) {
        await publisher.publish(
          prepared.slice(i, i + PUBLISH_BATCH).map(({ id, customerId }) => {
            const messageId = randomUUID();
            return createEvent('message.received', {
              tenantId: platform.tenantId,
              aggregateId: id,
              customerId,
              payload: {
                messageId,
                channel: { id: platform.channelId, type: 'generic' },
                channelMessageId: messageId,
                customer: { id: customerId },
                text: 'I want to talk to a person about my order',
                attachments: [],
                receivedAt: new Date().toISOString(),
              },
            });
          }),
        );
      }
      const until = Date.now() + 120_000;
      while ((await metric(router, 'tandem_events_consumed_total')) < before + count) {
        if (Date.now() > until) throw new Error('the router did not fold the prepared messages');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return prepared;
    };

    const decisionOf =
      (prepared: readonly { id: string; customerId: string }[]) =>
      async (index: number): Promise<boolean> => {
        const { id, customerId } = prepared[index]!;
        const seen = watcher.expect('escalation.decided', id);
        await publisher.publish([analyzed(id, customerId, true)]);
        return (await seen) !== null;
      };
    const roundTrip = async (index: number): Promise<boolean> => {
      const id = randomUUID();
      const seen = watcher.expect('message.analyzed', id);
      await publisher.publish([analyzed(id, customers[index % customers.length]!, false)]);
      return (await seen) !== null;
    };
    const withRouterCpu = async (run: () => Promise<Summary>): Promise<Summary> => {
      const before = await metric(router, 'process_cpu_seconds_total');
      const summary = await run();
      const after = await metric(router, 'process_cpu_seconds_total');
      return {
        ...summary,
        serverCpuMs: ((after - before) * 1000) / (summary.count + summary.errors),
      };
    };

    console.log(`live: warming up… (load average ${loadAverage()})`);
    await closedLoop(100, CONCURRENCY, roundTrip);
    await closedLoop(100, CONCURRENCY, decisionOf(await prepare(100)));

    console.log(`live: closed loops, ${CONCURRENCY} in flight… (load average ${loadAverage()})`);
    const kafkaClosed = await withRouterCpu(() => closedLoop(DECISIONS, CONCURRENCY, roundTrip));
    const loadKafka = loadAverage();
    const closedPrepared = await prepare(DECISIONS);
    const routerClosed = await withRouterCpu(() =>
      closedLoop(DECISIONS, CONCURRENCY, decisionOf(closedPrepared)),
    );
    const loadRouter = loadAverage();

    const rate = args.get('rate') ?? Math.max(1, Math.round(routerClosed.perSecond / 2));
    console.log(`live: open loops at ${rate}/s for ${SECONDS} s… (load average ${loadAverage()})`);
    const kafkaOpen = await withRouterCpu(() => openLoop(rate, SECONDS, roundTrip));
    const openPrepared = await prepare(Math.round(rate * SECONDS));
    const routerOpen = await withRouterCpu(() => openLoop(rate, SECONDS, decisionOf(openPrepared)));
    const loadOpen = loadAverage();

    console.log('');
    console.log(
      table(
        `Closed loop, ${CONCURRENCY} in flight: Kafka round trip (the floor) vs trigger → escalation.decided`,
        { 'Kafka round trip': kafkaClosed, 'router decision': routerClosed },
        { unit: 'events', one: 'event', server: 'router' },
      ),
    );
    console.log(`load average after: Kafka ${loadKafka}, router ${loadRouter}`);
    console.log('');
    console.log(
      table(
        `Open loop at ${rate}/s for ${SECONDS} s (latency from when due)`,
        { 'Kafka round trip': kafkaOpen, 'router decision': routerOpen },
        { unit: 'events', one: 'event', server: 'router' },
      ),
    );
    console.log(`load average after: ${loadOpen}`);
  } finally {
    await watcher.stop();
    await publisher.disconnect();
    await platform.stop();
  }
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `router bench: ${CONVERSATIONS} conversations, ${DECISIONS} live decisions at ${CONCURRENCY} in flight; ` +
      `${availableParallelism()} CPUs (${cpu}), ${mb(totalmem())} MB, Node ${process.version}; load average ${loadAverage()}` +
      (gc ? '' : ' (run with --expose-gc for comparable heap figures)'),
  );
  if (args.get('skip-replay') !== 1) await replayBench();
  if (args.get('skip-live') !== 1) await liveBench();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
