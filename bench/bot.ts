import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Pool } from 'undici';
import { createEvent, topicFor } from '@tandem/contracts';
import type { Consumer } from 'kafkajs';
import type { EventPublisher } from '@tandem/messaging';
import { DEMO_ARTICLES } from '../scripts/demo-data';
import { PlatformUnderTest } from '../scripts/harness/platform';
import { watchTopic } from './log-watch';
import {
  closedLoop,
  loadAverage,
  metric,
  numericArgs,
  openLoop,
  type Summary,
  table,
} from './stats';

/**
 * The bot answering with the local provider: `message.received` events published on the
 * log, timed until the matching `bot.replied` arrives (a Kafka consumer of our own), side by
 * side in the same run with the bare retrieval call the bot makes for each message
 * (`POST {knowledge}/v1/search`, the floor). The questions are the demo articles' sample
 * questions, English and Chinese; every message is its own conversation (so the messages
 * spread over the topic's partitions) from one of CUSTOMERS customers.
 *
 *   npm run build && node dist/bench/bot.js [--messages 2000] [--concurrency 16]
 *     [--rate <per s; default half the bot's closed-loop rate>] [--seconds 10]
 */
const args = numericArgs();
const MESSAGES = args.get('messages') ?? 2_000;
const CONCURRENCY = args.get('concurrency') ?? 16;
const SECONDS = args.get('seconds') ?? 10;
/** Customers the gateway knows (it holds their keys; the bot's outbox seals replies with them). */
const CUSTOMERS = 50;
/** The bot's consumer default (partitionsConsumedConcurrently in @tandem/messaging). */
const BOT_IN_FLIGHT = 3;
/** A message with no answer by then counts as an error. */
const REPLY_TIMEOUT_MS = 60_000;

const QUESTIONS = DEMO_ARTICLES.flatMap((article) => article.questions);

/** What the bot answered for one message, and when it reached us. */
type Outcome = { kind: 'replied' | 'deferred'; at: number; reason?: string };

/** Reads the conversations topic and settles the waiter of each answered message. */
class ReplyWatcher {
  private readonly waiters = new Map<string, (outcome: Outcome) => void>();
  readonly deferrals = new Map<string, number>();
  /** The gateway's ids of the customers whose messages went through it. */
  readonly customers = new Set<string>();
  private consumer: Consumer | null = null;

  constructor(private readonly platform: PlatformUnderTest) {}

  async start(): Promise<void> {
    this.consumer = await watchTopic(
      this.platform.kafka(),
      topicFor(this.platform.topicPrefix, 'conversations'),
      'bench-bot',
      (message) => {
        const type = message.headers?.['event-type']?.toString();
        if (type === 'message.received') {
          const { customerId } = JSON.parse(message.value!.toString('utf8')) as {
            customerId?: string | null;
          };
          if (customerId) this.customers.add(customerId);
          return;
        }
        if (type !== 'bot.replied' && type !== 'bot.deferred') return;
        const at = performance.now();
        // inReplyTo and the reason are not personal fields: readable without the customer's key.
        const { payload } = JSON.parse(message.value!.toString('utf8')) as {
          payload: { inReplyTo: string; reason?: string };
        };
        const waiter = this.waiters.get(payload.inReplyTo);
        if (!waiter) return;
        this.waiters.delete(payload.inReplyTo);
        waiter(
          type === 'bot.replied'
            ? { kind: 'replied', at }
            : { kind: 'deferred', at, reason: payload.reason ?? '?' },
        );
      },
    );
  }

  /** Registers the message before it is published, so a fast answer cannot be missed. */
  expect(messageId: string): Promise<Outcome | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(messageId);
        resolve(null);
      }, REPLY_TIMEOUT_MS);
      this.waiters.set(messageId, (outcome) => {
        clearTimeout(timer);
        if (outcome.kind === 'deferred')
          this.deferrals.set(outcome.reason!, (this.deferrals.get(outcome.reason!) ?? 0) + 1);
        resolve(outcome);
      });
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** Publishes one customer message in a conversation of its own; resolves with the bot's outcome. */
async function customerMessage(
  platform: PlatformUnderTest,
  customers: readonly string[],
  publisher: EventPublisher,
  watcher: ReplyWatcher,
  index: number,
): Promise<{ sentAt: number; outcome: Outcome | null }> {
  const messageId = randomUUID();
  const customerId = customers[index % customers.length]!;
  const answered = watcher.expect(messageId);
  const sentAt = performance.now();
  await publisher.publish([
    createEvent('message.received', {
      tenantId: platform.tenantId,
      aggregateId: randomUUID(),
      customerId,
      payload: {
        messageId,
        channel: { id: platform.channelId, type: 'generic' },
        channelMessageId: messageId,
        customer: { id: customerId },
        text: QUESTIONS[index % QUESTIONS.length]!,
        attachments: [],
        receivedAt: new Date().toISOString(),
      },
    }),
  ]);
  return { sentAt, outcome: await answered };
}

/** Publishes `count` messages at once and waits for every answer: the bot's throughput when it has a backlog. */
async function burst(
  platform: PlatformUnderTest,
  customers: readonly string[],
  publisher: EventPublisher,
  watcher: ReplyWatcher,
  count: number,
): Promise<Summary> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const results = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      customerMessage(platform, customers, publisher, watcher, index),
    ),
  );
  const latencies: number[] = [];
  let errors = 0;
  let last = started;
  for (const { sentAt, outcome } of results) {
    if (outcome?.kind === 'replied') {
      latencies.push(outcome.at - sentAt);
      last = Math.max(last, outcome.at);
    } else errors += 1;
  }
  const sorted = latencies.sort((a, b) => a - b);
  const seconds = (last - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    count: sorted.length,
    errors,
    seconds,
    perSecond: sorted.length / seconds,
    p50: sorted[Math.max(0, Math.ceil(0.5 * sorted.length) - 1)] ?? Number.NaN,
    p99: sorted[Math.max(0, Math.ceil(0.99 * sorted.length) - 1)] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    clientCpuMs: (used.user + used.system) / 1000 / count,
  };
}

async function main(): Promise<void> {
  console.log(
    `bot bench: ${MESSAGES} messages, ${QUESTIONS.length} questions (en + zh), concurrency ${CONCURRENCY}; load average ${loadAverage()} on ${availableParallelism()} CPUs`,
  );
  // The gateway only because the bot's outbox seals its replies with the customer's key, which
  // the gateway alone holds; it also delivers the replies to the harness's callback.
  const platform = new PlatformUnderTest({}, ['gateway', 'knowledge', 'bot'], { tap: false });
  await platform.start();
  const publisher = await platform.publisher();
  const watcher = new ReplyWatcher(platform);
  await watcher.start();
  const knowledge = platform.url('knowledge');
  const bot = platform.url('bot');
  const http = new Pool(knowledge, { connections: CONCURRENCY, keepAliveTimeout: 30_000 });
  try {
    // Customers first, through the gateway's webhook (it creates their keys).
    for (let i = 0; i < CUSTOMERS; i++) {
      const response = await platform.customerSays(
        `bench-customer-${i}`,
        QUESTIONS[i % QUESTIONS.length]!,
      );
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
    }
    const deadline = Date.now() + 60_000;
    while (watcher.customers.size < CUSTOMERS) {
      if (Date.now() > deadline) throw new Error(`only ${watcher.customers.size} customers seen`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const customers = [...watcher.customers];

    // Side A: the retrieval call the bot makes for each message, straight to knowledge.
    let authorization = `Bearer ${platform.tokenAs('agent')}`;
    const search = async (index: number): Promise<boolean> => {
      const response = await http.request({
        path: '/v1/search',
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({
          query: QUESTIONS[index % QUESTIONS.length],
          channel: 'generic',
          limit: 3,
        }),
      });
      const { hits } = (await response.body.json()) as { hits?: unknown[] };
      return response.statusCode === 200 && (hits?.length ?? 0) > 0;
    };
    // Side B: a customer message through the bot, until its reply is on the log.
    const answer = async (index: number): Promise<boolean> =>
      (await customerMessage(platform, customers, publisher, watcher, index)).outcome?.kind ===
      'replied';
    const cpuOf =
      (base: string) =>
      async <T extends Summary>(run: () => Promise<T>): Promise<T> => {
        const before = await metric(base, 'process_cpu_seconds_total');
        const summary = await run();
        const after = await metric(base, 'process_cpu_seconds_total');
        return {
          ...summary,
          serverCpuMs: ((after - before) * 1000) / (summary.count + summary.errors),
        };
      };

    console.log(`warming up… (load average ${loadAverage()})`);
    await closedLoop(Math.min(MESSAGES, 100), CONCURRENCY, search);
    await closedLoop(Math.min(MESSAGES, 100), CONCURRENCY, answer);

    console.log(`closed loops, ${CONCURRENCY} in flight… (load average ${loadAverage()})`);
    authorization = `Bearer ${platform.tokenAs('agent')}`;
    const searchClosed = await cpuOf(knowledge)(() => closedLoop(MESSAGES, CONCURRENCY, search));
    // The bot's consumer handles 3 partitions at a time: at most 3 of its searches in flight.
    authorization = `Bearer ${platform.tokenAs('agent')}`;
    const searchBotLike = await cpuOf(knowledge)(() => closedLoop(MESSAGES, BOT_IN_FLIGHT, search));
    const loadSearch = loadAverage();
    const botClosed = await cpuOf(bot)(() => closedLoop(MESSAGES, CONCURRENCY, answer));
    const loadBot = loadAverage();

    console.log(`burst of ${MESSAGES} messages at once… (load average ${loadAverage()})`);
    const botBurst = await cpuOf(bot)(() =>
      burst(platform, customers, publisher, watcher, MESSAGES),
    );
    const loadBurst = loadAverage();

    const rate = args.get('rate') ?? Math.max(1, Math.round(botClosed.perSecond / 2));
    console.log(`open loops at ${rate}/s for ${SECONDS} s… (load average ${loadAverage()})`);
    authorization = `Bearer ${platform.tokenAs('agent')}`;
    const searchOpen = await cpuOf(knowledge)(() => openLoop(rate, SECONDS, search));
    const botOpen = await cpuOf(bot)(() => openLoop(rate, SECONDS, answer));
    const loadOpen = loadAverage();

    console.log('');
    console.log(
      table(
        `Closed loop: bare search (the floor) vs message.received → bot.replied, ${CONCURRENCY} in flight`,
        {
          [`search, ${CONCURRENCY} in flight`]: searchClosed,
          [`search, ${BOT_IN_FLIGHT} in flight`]: searchBotLike,
          'bot, local provider': botClosed,
        },
        { unit: 'messages', one: 'msg', server: 'knowledge | bot' },
      ),
    );
    console.log(`load average after: search ${loadSearch}, bot ${loadBot}`);
    console.log('');
    console.log(
      table(
        `All ${MESSAGES} messages published at once (messages/s = answered / time to the last reply)`,
        { 'bot, local provider': botBurst },
        { unit: 'messages', one: 'msg', server: 'bot' },
      ),
    );
    console.log(`load average after: ${loadBurst}`);
    console.log('');
    console.log(
      table(
        `Open loop at ${rate}/s for ${SECONDS} s (latency from when due)`,
        { 'POST /v1/search': searchOpen, 'bot, local provider': botOpen },
        { unit: 'messages', one: 'msg', server: 'knowledge | bot' },
      ),
    );
    console.log(`load average after: ${loadOpen}`);
    if (watcher.deferrals.size > 0)
      console.log(`deferrals: ${JSON.stringify(Object.fromEntries(watcher.deferrals))}`);
  } finally {
    await http.close();
    await watcher.stop();
    await publisher.disconnect();
    await platform.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
