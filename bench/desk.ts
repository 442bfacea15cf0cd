import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { TokenService } from '@tandem/auth';
import { createEvent, topicFor, type AnyEvent } from '@tandem/contracts';
import { EventPublisher } from '@tandem/messaging';
import { createLogger } from '@tandem/observability';
import { stackEnv } from '@tandem/testing';
import type { Admin, Consumer } from 'kafkajs';
import { DESK_SCHEMA } from '../apps/agent-desk/src/database';
import { PlatformUnderTest } from '../scripts/harness/platform';
import { BenchAgents, type BenchSeat } from './desk-agents';
import { watchTopic } from './log-watch';
import { SocketFloor } from './socket-floor';
import {
  grid,
  loadAverage,
  metric,
  numericArgs,
  openLoop,
  percentile,
  summarize,
  type Summary,
  table,
} from './stats';

/**
 * The agent desk at the issue's scale: AGENTS agents with their sockets connected to two desk
 * instances (real processes sharing one database, one Redis, one log), every offer accepted by
 * the agent's console at once (POST /v1/offers/{id}/accept to the agent's own instance).
 *
 * Baselines first, in the same run: the Kafka round trip (an event published, seen by a
 * consumer of our own) at the fan-out rates, and two bare socket.io servers with the Redis
 * adapter holding as many sockets (an emit to one socket's room; one emit to all of them).
 * 1. Connect: every agent's desk socket, half on each instance; time until its `ready`.
 * 2. Fan-out: one assigned conversation per agent; `message.received` for them at --rate-low
 *    and --rate-high per second; published → `message` on the agent's socket.
 * 3. Steady: --steady escalations at --steady-rate per second with every seat free, resolved
 *    --hold-ms after accepting: escalation decided (occurredAt) → `offer` on the socket.
 * 4. Drain: CONVERSATIONS escalations put on the log at once (sealed with customers' keys the
 *    gateway holds, as the router's outbox writes them), resolved --hold-ms after accepting so
 *    seats free up; offers and assignments per second until all are assigned (or
 *    --drain-seconds pass). Then the checks: the database (accepted offers per conversation,
 *    agents' loads sampled every 250 ms) and the log (offer.created / expired / declined /
 *    conversation.assigned folded per conversation, in order).
 *
 *   npm run build && node dist/bench/desk.js [--agents 1000] [--conversations 10000]
 *     [--capacity 5] [--hold-ms 1000] [--steady 100] [--steady-rate 2] [--drain-seconds 420]
 *     [--rate-low 100] [--rate-high 500] [--seconds 10] [--connections 32] [--profile 1]
 */
const args = numericArgs();
const AGENTS = args.get('agents') ?? 1_000;
const CONVERSATIONS = args.get('conversations') ?? 10_000;
const CAPACITY = args.get('capacity') ?? 5;
const HOLD_MS = args.get('hold-ms') ?? 1_000;
/** Escalations in the steady phase, and their rate (below what the desk keeps up with). */
const STEADY = args.get('steady') ?? 100;
const STEADY_RATE = args.get('steady-rate') ?? 2;
/** The drain stops (and reports what it reached) after this long. */
const DRAIN_SECONDS = args.get('drain-seconds') ?? 420;
const RATES = [args.get('rate-low') ?? 100, args.get('rate-high') ?? 500];
const SECONDS = args.get('seconds') ?? 10;
/** HTTP connections per desk instance for accepts (and as many for resolves). */
const CONNECTIONS = args.get('connections') ?? 32;
/** Customers the gateway knows (it holds their keys); conversations share them. */
const CUSTOMERS = 50;
const PUBLISH_BATCH = 500;
const WAIT_TIMEOUT_MS = 30_000;

const silent = createLogger('bench', 'silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The conversations topic as a plain consumer sees it: customers, waiters, and the desk's offer history. */
class LogFold {
  readonly customers = new Set<string>();
  private readonly waiters = new Map<string, () => void>();
  /** Per conversation: offers pending now, the most ever pending at once, assignments. */
  readonly pending = new Map<string, Set<string>>();
  maxPending = 0;
  readonly assignedCount = new Map<string, number>();
  offersCreated = 0;
  offersEnded = { expired: 0, declined: 0 };
  private consumer: Consumer | null = null;

  constructor(private readonly platform: PlatformUnderTest) {}

  async start(): Promise<void> {
    this.consumer = await watchTopic(
      this.platform.kafka(),
      topicFor(this.platform.topicPrefix, 'conversations'),
      'bench-desk',
      (message) => {
        const type = message.headers?.['event-type']?.toString();
        const conversationId = message.key?.toString('utf8') ?? '';
        const waiter = this.waiters.get(`${type}/${conversationId}`);
        if (waiter) {
          this.waiters.delete(`${type}/${conversationId}`);
          waiter();
          return;
        }
        if (
          type !== 'message.received' &&
          type !== 'offer.created' &&
          type !== 'offer.expired' &&
          type !== 'offer.declined' &&
          type !== 'conversation.assigned'
        )
          return;
        const event = JSON.parse(message.value!.toString('utf8')) as {
          customerId?: string | null;
          payload: { offerId?: string };
        };
        if (type === 'message.received') {
          if (event.customerId && this.customers.size < CUSTOMERS)
            this.customers.add(event.customerId);
          return;
        }
        const offerId = event.payload.offerId!;
        const pending = this.pending.get(conversationId) ?? new Set<string>();
        this.pending.set(conversationId, pending);
        if (type === 'offer.created') {
          this.offersCreated += 1;
          pending.add(offerId);
          this.maxPending = Math.max(this.maxPending, pending.size);
        } else {
          pending.delete(offerId);
          if (type === 'offer.expired') this.offersEnded.expired += 1;
          if (type === 'offer.declined') this.offersEnded.declined += 1;
          if (type === 'conversation.assigned')
            this.assignedCount.set(
              conversationId,
              (this.assignedCount.get(conversationId) ?? 0) + 1,
            );
        }
      },
    );
  }

  /** Registered before publishing; resolves true when the event arrives, false after the timeout. */
  expect(type: AnyEvent['type'], conversationId: string): Promise<boolean> {
    const key = `${type}/${conversationId}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        resolve(false);
      }, WAIT_TIMEOUT_MS);
      this.waiters.set(key, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/**
 * Database snapshots while the drain runs: the most conversations any agent holds (offered or
 * assigned), and how many of the run's sessions wait on an advisory lock (the tenant's
 * dispatch lock) or are busy.
 */
class LoadSampler {
  samples = 0;
  maxLoad = 0;
  overCapacity = 0;
  lastLockWaiters = 0;
  private lockWaiters = 0;
  private active = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Client,
    private readonly tenantId: string,
  ) {}

  start(everyMs = 250): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.sample());
    }, everyMs);
  }

  private async sample(): Promise<void> {
    const { rows } = await this.db.query<{ load: string | null }>(
      `SELECT max(n) AS load FROM (SELECT count(*) AS n FROM conversations
        WHERE tenant_id = $1 AND status IN ('offered', 'assigned') AND agent_id IS NOT NULL
        GROUP BY agent_id) loads`,
      [this.tenantId],
    );
    const { rows: sessions } = await this.db.query<{ waiting: string; active: string }>(
      `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory') AS waiting,
              count(*) FILTER (WHERE state = 'active') - 1 AS active
         FROM pg_stat_activity WHERE datname = current_database()`,
    );
    const load = Number(rows[0]?.load ?? 0);
    this.samples += 1;
    this.maxLoad = Math.max(this.maxLoad, load);
    if (load > CAPACITY) this.overCapacity += 1;
    this.lastLockWaiters = Number(sessions[0]?.waiting ?? 0);
    this.lockWaiters += this.lastLockWaiters;
    this.active += Number(sessions[0]?.active ?? 0);
  }

  meanLockWaiters(): number {
    return this.lockWaiters / Math.max(1, this.samples);
  }

  meanActive(): number {
    return this.active / Math.max(1, this.samples);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

interface Conversation {
  id: string;
  customerId: string;
  /** The escalation's occurredAt (ms since the epoch). */
  escalatedAt: number;
}

function escalation(
  platform: PlatformUnderTest,
  id: string,
  customerId: string,
  index: number,
): AnyEvent {
  const at = new Date().toISOString();
  return createEvent('escalation.decided', {
    tenantId: platform.tenantId,
    aggregateId: id,
    customerId,
    payload: {
      decisionId: randomUUID(),
      triggeredBy: randomUUID(),
      reasons: [{ code: 'EXPLICIT_REQUEST', detail: 'The customer asked for a person.' }],
      priority: index % 10 === 0 ? 'high' : 'normal',
      skills: [],
      queue: 'general',
      policyVersion: 1,
      handoff: {
        summary: 'The customer asks where their order is and wants to talk to a person.',
        transcript: [
          {
            role: 'customer',
            text: 'Where is my order? I want a person.',
            at,
            messageId: randomUUID(),
          },
        ],
        customerId,
        channel: { id: platform.channelId, type: 'generic' },
        lastSentiment: null,
        language: index % 2 === 0 ? 'en' : 'zh',
        summarySource: 'extractive',
      },
    },
  });
}

/** Seeds AGENTS online agents with CAPACITY chat seats each; answers their ids. */
async function seedAgents(db: Client, tenantId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO agents (tenant_id, email, name, role, password_hash, skills, languages, capacity,
                         presence, presence_at, active)
     SELECT $1, 'bench-' || i || '@bench.test', 'Bench agent ' || i, 'agent', 'not a hash', '{}'::jsonb,
            ARRAY['zh', 'en'], jsonb_build_object('chat', $2::int, 'email', 0, 'call', 0),
            'online', now(), true
       FROM generate_series(1, $3::int) AS i
     RETURNING id`,
    [tenantId, CAPACITY, AGENTS],
  );
  return rows.map((row) => row.id);
}

/**
 * One conversation assigned to each agent, written straight into the desk's table (status,
 * agent and customer are all the relay's message path reads).
 */
async function seedAssigned(
  db: Client,
  tenantId: string,
  agentIds: readonly string[],
  customers: readonly string[],
): Promise<Conversation[]> {
  const conversations = agentIds.map((_, i) => ({
    id: randomUUID(),
    customerId: customers[i % customers.length]!,
    escalatedAt: Date.now(),
  }));
  await db.query(
    `INSERT INTO conversations (id, tenant_id, status, queue, priority, priority_rank, agent_id,
                                handoff, queued_at, assigned_at)
     SELECT id, $1, 'assigned', 'general', 'normal', 1, agent_id,
            jsonb_build_object('customerId', customer_id, 'channel', jsonb_build_object('type', 'generic'),
                               'language', 'en', 'summary', '', 'transcript', '[]'::jsonb, 'reasons', '[]'::jsonb),
            now(), now()
       FROM unnest($2::text[], $3::uuid[], $4::text[]) AS c (id, agent_id, customer_id)`,
    [tenantId, conversations.map((c) => c.id), agentIds, conversations.map((c) => c.customerId)],
  );
  return conversations;
}

/** The desk's consumer groups whose lag on the conversations topic the bench watches. */
const GROUPS = ['agent-desk', 'agent-desk-realtime'] as const;

/** Events on the conversations topic each desk group has not committed yet. */
async function lagOf(admin: Admin, prefix: string): Promise<Record<string, number>> {
  const topic = topicFor(prefix, 'conversations');
  const ends = await admin.fetchTopicOffsets(topic);
  const lag: Record<string, number> = {};
  for (const group of GROUPS) {
    const [committed] = await admin.fetchOffsets({
      groupId: `${prefix}.${group}`,
      topics: [topic],
    });
    lag[group] = ends.reduce((sum, end) => {
      const at = Number(
        committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1,
      );
      return sum + Math.max(0, Number(end.high) - Math.max(0, at));
    }, 0);
  }
  return lag;
}

/** Waits until the desk's groups have read everything on the topic (bounded). */
async function caughtUp(admin: Admin, prefix: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const lag = await lagOf(admin, prefix);
    if (Object.values(lag).every((n) => n <= 10) || Date.now() > until) {
      console.log(`  desk consumer lag: ${JSON.stringify(lag)}`);
      return;
    }
    await sleep(500);
  }
}

const ms = (value: number) => value.toFixed(0);

function latencyRow(label: string, values: number[]): [string, string[]] {
  const sorted = [...values].sort((a, b) => a - b);
  return [
    label,
    [
      String(sorted.length),
      ms(percentile(sorted, 50)),
      ms(percentile(sorted, 99)),
      ms(sorted.at(-1) ?? NaN),
    ],
  ];
}

async function cpuSeconds(urls: readonly string[]): Promise<number> {
  const values = await Promise.all(urls.map((url) => metric(url, 'process_cpu_seconds_total')));
  return values.reduce((sum, value) => sum + value, 0);
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `desk bench: ${AGENTS} agents × ${CAPACITY} chats, ${CONVERSATIONS} conversations, two desk instances; ` +
      `${availableParallelism()} CPUs (${cpu}), ${(totalmem() / 2 ** 20).toFixed(0)} MB, Node ${process.version}; ` +
      `load average ${loadAverage()}`,
  );
  // --profile 1: every app CPU-profiles itself (bench/cpu-profile.ts) and writes a
  // gateway-<time>.cpuprofile (whatever the app) into the working directory when stopped.
  const profile: Record<string, string> =
    args.get('profile') === 1
      ? { NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile.js')}` }
      : {};
  const platform = new PlatformUnderTest(
    { LOG_LEVEL: 'warn', ...profile },
    ['gateway', 'agent-desk'],
    { tap: false },
  );
  await platform.start();
  const second = await platform.startReplica('agent-desk');
  const desks = [platform.url('agent-desk'), second];
  const fold = new LogFold(platform);
  await fold.start();
  const publisher = new EventPublisher(platform.kafka(), {
    prefix: platform.topicPrefix,
    logger: silent,
    sendTimeoutMs: 30_000,
    keyring: platform.keyring(),
  });
  await publisher.connect();
  const db = new Client({ connectionString: platform.databaseUrl });
  await db.connect();
  await db.query(`SET search_path TO ${DESK_SCHEMA}`);
  const floor = new SocketFloor(stackEnv().REDIS_URL);
  const admin = platform.kafka().admin();
  await admin.connect();
  let agents: BenchAgents | null = null;
  try {
    // Customers the gateway knows, so sealed fields open in the desk.
    for (let i = 0; i < CUSTOMERS; i++) {
      const response = await platform.customerSays(`bench-customer-${i}`, `Hello ${i}`);
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
    }
    const until = Date.now() + 60_000;
    while (fold.customers.size < CUSTOMERS) {
      if (Date.now() > until) throw new Error(`only ${fold.customers.size} customers seen`);
      await sleep(100);
    }
    const customers = [...fold.customers];

    // --- Baselines -------------------------------------------------------------------------
    console.log(
      `floor: ${AGENTS} bare sockets on two socket.io servers… (load average ${loadAverage()})`,
    );
    const floorConnect = await floor.start(AGENTS);
    const floorDirect: Record<number, Summary> = {};
    const kafkaTrip: Record<number, Summary> = {};
    const roundTrip = async (): Promise<boolean> => {
      const id = randomUUID();
      const seen = fold.expect('message.analyzed', id);
      await publisher.publish([
        createEvent('message.analyzed', {
          tenantId: platform.tenantId,
          aggregateId: id,
          payload: {
            messageId: randomUUID(),
            language: 'en',
            sentiment: { polarity: 'neutral', score: 0, intensity: 0 },
            humanRequested: false,
            intent: null,
            emotions: [],
          },
        }),
      ]);
      return seen;
    };
    await openLoop(50, 2, roundTrip); // warm-up
    for (const rate of RATES) {
      console.log(
        `floor: open loops at ${rate}/s for ${SECONDS} s… (load average ${loadAverage()})`,
      );
      kafkaTrip[rate] = await openLoop(rate, SECONDS, roundTrip);
      floorDirect[rate] = await openLoop(rate, SECONDS, (index) => floor.direct(index));
    }
    const floorBroadcasts: number[] = [];
    for (let i = 0; i < 20; i++) {
      floorBroadcasts.push(...(await floor.broadcast()));
      await sleep(100);
    }
    await floor.stop();

    // --- Agents and sockets ------------------------------------------------------------------
    const agentIds = await seedAgents(db, platform.tenantId);
    const tokens = new TokenService({ secret: platform.jwtSecret, issuer: 'tandem' });
    const seats: BenchSeat[] = agentIds.map((agentId, index) => ({
      agentId,
      token: tokens.issueAccess({
        subject: agentId,
        tenantId: platform.tenantId,
        role: 'agent',
        name: `Bench agent ${index + 1}`,
      }),
      instance: index % 2,
    }));
    agents = new BenchAgents(seats, desks, CONNECTIONS);
    console.log(`connecting ${AGENTS} desk sockets… (load average ${loadAverage()})`);
    const connectStarted = performance.now();
    const deskConnect = await agents.connect();
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    console.log(`  ${agents.connected()} connected in ${connectSeconds.toFixed(1)} s`);

    const byId = new Map<string, Conversation>();
    const offerLatency = new Map<string, number>();
    const offerWaiters = new Map<string, () => void>();
    agents.onOffer = (conversationId, at) => {
      const conversation = byId.get(conversationId);
      if (!conversation || offerLatency.has(conversationId)) return;
      offerLatency.set(conversationId, at - conversation.escalatedAt);
      offerWaiters.get(conversationId)?.();
      offerWaiters.delete(conversationId);
    };
    const newConversations = (count: number): Conversation[] =>
      Array.from({ length: count }, (_, i) => {
        const conversation = {
          id: randomUUID(),
          customerId: customers[i % customers.length]!,
          escalatedAt: 0,
        };
        byId.set(conversation.id, conversation);
        return conversation;
      });
    const latencies = (list: readonly Conversation[]) =>
      list.flatMap((c) => {
        const value = offerLatency.get(c.id);
        return value === undefined ? [] : [value];
      });

    // --- Fan-out: customer messages to agents' assigned conversations --------------------------
    // One conversation assigned to each agent, written straight into the desk's table: the
    // relay reads only its status and agent (assignment itself is measured below).
    const kept = await seedAssigned(db, platform.tenantId, agentIds, customers);
    const messageWaiters = new Map<string, () => void>();
    agents.onMessage = (event) => {
      const waiter = messageWaiters.get(event.messageId);
      if (waiter) {
        messageWaiters.delete(event.messageId);
        waiter();
      }
    };
    const fanout: Record<number, Summary> = {};
    const fanoutCpu: Record<number, number> = {};
    for (const rate of RATES) {
      console.log(
        `fan-out: message.received at ${rate}/s for ${SECONDS} s to ${kept.length} assigned conversations… (load average ${loadAverage()})`,
      );
      const before = await cpuSeconds(desks);
      fanout[rate] = await openLoop(rate, SECONDS, async (index) => {
        const conversation = kept[index % kept.length]!;
        const messageId = randomUUID();
        const arrived = new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => {
            messageWaiters.delete(messageId);
            resolve(false);
          }, WAIT_TIMEOUT_MS);
          messageWaiters.set(messageId, () => {
            clearTimeout(timer);
            resolve(true);
          });
        });
        await publisher.publish([
          createEvent('message.received', {
            tenantId: platform.tenantId,
            aggregateId: conversation.id,
            customerId: conversation.customerId,
            payload: {
              messageId,
              channel: { id: platform.channelId, type: 'generic' },
              channelMessageId: messageId,
              customer: { id: conversation.customerId },
              text: 'Any news about my order?',
              attachments: [],
              receivedAt: new Date().toISOString(),
            },
          }),
        ]);
        return arrived;
      });
      fanoutCpu[rate] =
        (((await cpuSeconds(desks)) - before) * 1000) / Math.max(1, fanout[rate].count);
    }
    const loadFanout = loadAverage();
    await caughtUp(admin, platform.topicPrefix);
    await db.query(
      `UPDATE conversations SET status = 'resolved', resolved_at = now() WHERE id = ANY($1)`,
      [kept.map((c) => c.id)],
    );

    // --- Steady: seats free, escalations at a rate the desk keeps up with ----------------------
    agents.afterAccept = { resolveAfterMs: HOLD_MS };
    const steady = newConversations(STEADY);
    console.log(
      `steady: ${STEADY} escalations at ${STEADY_RATE}/s, seats free… (load average ${loadAverage()})`,
    );
    const steadySummary = await openLoop(STEADY_RATE, STEADY / STEADY_RATE, async (index) => {
      const conversation = steady[index]!;
      const offered = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), WAIT_TIMEOUT_MS);
        offerWaiters.set(conversation.id, () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      const event = escalation(platform, conversation.id, conversation.customerId, index);
      conversation.escalatedAt = Date.parse(event.occurredAt);
      await publisher.publish([event]);
      return offered;
    });
    const steadyLatency = latencies(steady);
    const steadyResolvedBy = Date.now() + WAIT_TIMEOUT_MS;
    while (steady.some((c) => !agents!.resolved.has(c.id)) && Date.now() < steadyResolvedBy)
      await sleep(100);
    const loadSteady = loadAverage();
    await caughtUp(admin, platform.topicPrefix);

    // --- Drain: CONVERSATIONS escalations at once ----------------------------------------------
    const drain = newConversations(CONVERSATIONS);
    const sampler = new LoadSampler(db, platform.tenantId);
    sampler.start();
    const cpuBefore = await cpuSeconds(desks);
    const offersBefore = fold.offersCreated;
    console.log(`drain: publishing ${CONVERSATIONS} escalations… (load average ${loadAverage()})`);
    const drainStarted = Date.now();
    for (let i = 0; i < drain.length; i += PUBLISH_BATCH) {
      const batch = drain.slice(i, i + PUBLISH_BATCH).map((conversation, offset) => {
        const event = escalation(platform, conversation.id, conversation.customerId, i + offset);
        conversation.escalatedAt = Date.parse(event.occurredAt);
        return event;
      });
      await publisher.publish(batch);
    }
    const publishSeconds = (Date.now() - drainStarted) / 1000;
    console.log(`  published in ${publishSeconds.toFixed(1)} s`);
    const drainAccepted = () => drain.filter((c) => agents!.accepted.has(c.id)).length;
    let lastProgress = Date.now();
    while (drainAccepted() < CONVERSATIONS && Date.now() - drainStarted < DRAIN_SECONDS * 1000) {
      await sleep(200);
      if (Date.now() - lastProgress >= 10_000) {
        lastProgress = Date.now();
        console.log(
          `  ${((Date.now() - drainStarted) / 1000).toFixed(0)} s: ${latencies(drain).length} offered, ` +
            `${drainAccepted()} accepted, ${agents.resolved.size - steady.length} resolved; ` +
            `advisory-lock waiters ${sampler.lastLockWaiters}, desk consumer lag ` +
            `${JSON.stringify(await lagOf(admin, platform.topicPrefix))} (load average ${loadAverage()})`,
        );
      }
    }
    const drained = drainAccepted() === CONVERSATIONS;
    const acceptedTimes = drain
      .map((c) => agents!.accepted.get(c.id)?.at)
      .filter((at): at is number => at !== undefined);
    const drainSeconds = drained
      ? (Math.max(...acceptedTimes) - drainStarted) / 1000
      : (Date.now() - drainStarted) / 1000;
    const drainCpu = (await cpuSeconds(desks)) - cpuBefore;
    const offerTimes = drain.flatMap((c) => (agents!.offers.get(c.id) ?? []).map((o) => o.at));
    const offerSeconds = drained ? (Math.max(...offerTimes) - drainStarted) / 1000 : drainSeconds;
    // Stop the consoles taking more, let what is in flight settle, then check.
    agents.afterAccept = 'keep';
    await sleep(3_000);
    await sampler.stop();
    const loadDrain = loadAverage();

    // --- Checks -----------------------------------------------------------------------------
    const ids = drain.map((c) => c.id);
    const assignedIds = drain.filter((c) => agents!.accepted.has(c.id)).map((c) => c.id);
    const logBy = Date.now() + WAIT_TIMEOUT_MS;
    while (assignedIds.some((id) => !fold.assignedCount.has(id)) && Date.now() < logBy)
      await sleep(200);
    const drainOffers = fold.offersCreated - offersBefore;
    const { rows: acceptedRows } = await db.query<{ once: string; more: string }>(
      `SELECT count(*) FILTER (WHERE n = 1) AS once, count(*) FILTER (WHERE n > 1) AS more
         FROM (SELECT conversation_id, count(*) AS n FROM offers
                WHERE tenant_id = $1 AND status = 'accepted' AND conversation_id = ANY($2)
                GROUP BY conversation_id) accepted`,
      [platform.tenantId, ids],
    );
    const { rows: offerStatuses } = await db.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM offers WHERE tenant_id = $1 AND conversation_id = ANY($2)
        GROUP BY status ORDER BY status`,
      [platform.tenantId, ids],
    );
    const { rows: perConversation } = await db.query<{ offers: string; n: string }>(
      `SELECT offers, count(*) AS n FROM (SELECT count(*) AS offers FROM offers
          WHERE tenant_id = $1 AND conversation_id = ANY($2) GROUP BY conversation_id) o
        GROUP BY offers ORDER BY offers`,
      [platform.tenantId, ids],
    );
    const { rows: statuses } = await db.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM conversations WHERE tenant_id = $1 AND id = ANY($2)
        GROUP BY status ORDER BY status`,
      [platform.tenantId, ids],
    );
    const assignedOnLog = ids.map((id) => fold.assignedCount.get(id) ?? 0);
    const acceptedInDb = Number(acceptedRows[0]?.once ?? 0);
    const checks: [string, boolean, string][] = [
      [
        `all ${CONVERSATIONS} assigned within ${DRAIN_SECONDS} s`,
        drained,
        `${acceptedTimes.length} assigned`,
      ],
      [
        'no conversation assigned twice (database: accepted offers)',
        Number(acceptedRows[0]?.more) === 0 && acceptedInDb >= acceptedTimes.length,
        `${acceptedInDb} once, ${acceptedRows[0]?.more} more than once`,
      ],
      [
        'no conversation assigned twice (log: conversation.assigned)',
        assignedOnLog.every((n) => n <= 1) &&
          assignedOnLog.filter((n) => n === 1).length >= acceptedTimes.length,
        `${assignedOnLog.filter((n) => n === 1).length} once, ${assignedOnLog.filter((n) => n > 1).length} more`,
      ],
      [
        'never two pending offers of one conversation (log, each conversation in order)',
        fold.maxPending <= 1,
        `most at once ${fold.maxPending}; offer.created ${fold.offersCreated}, expired ${fold.offersEnded.expired}, declined ${fold.offersEnded.declined}`,
      ],
      [
        `no agent over ${CAPACITY} chats (database snapshots every 250 ms)`,
        sampler.overCapacity === 0 && sampler.samples > 0,
        `${sampler.samples} samples, highest load ${sampler.maxLoad}, over capacity in ${sampler.overCapacity}`,
      ],
    ];

    // --- Report -----------------------------------------------------------------------------
    const drainLatency = latencies(drain);
    const seatsTotal = AGENTS * CAPACITY;
    const firstFill = drain
      .filter((c) => offerLatency.has(c.id))
      .map((c) => offerLatency.get(c.id)!)
      .sort((a, b) => a - b)
      .slice(0, Math.min(seatsTotal, CONVERSATIONS));
    console.log('');
    console.log(
      grid(
        `Assignment: ${CONVERSATIONS} escalations at once, ${AGENTS} agents × ${CAPACITY} chats on two desk instances (resolved ${HOLD_MS} ms after accepting)`,
        ['value'],
        [
          ['published in (s)', [publishSeconds.toFixed(1)]],
          ...(drained
            ? ([
                ['all offered after (s)', [offerSeconds.toFixed(1)]],
                ['all assigned after (s)', [drainSeconds.toFixed(1)]],
              ] as [string, string[]][])
            : ([['stopped (not drained) after (s)', [drainSeconds.toFixed(1)]]] as [
                string,
                string[],
              ][])),
          ['offered', [String(drainLatency.length)]],
          ['assigned', [String(acceptedTimes.length)]],
          ['offers / s', [(drainOffers / offerSeconds).toFixed(1)]],
          ['assignments / s', [(acceptedTimes.length / drainSeconds).toFixed(1)]],
          ['desk CPU s (both)', [drainCpu.toFixed(1)]],
          [
            'desk CPU ms / assignment',
            [((drainCpu * 1000) / Math.max(1, acceptedTimes.length)).toFixed(1)],
          ],
          ['advisory-lock waiters (mean)', [sampler.meanLockWaiters().toFixed(1)]],
          ['active DB sessions (mean)', [sampler.meanActive().toFixed(1)]],
          ['load average after', [loadDrain]],
        ],
      ),
    );
    console.log(`conversations now: ${statuses.map((row) => `${row.status} ${row.n}`).join(', ')}`);
    console.log('');
    console.log(
      grid(
        'Escalation decided (occurredAt) → offer on the agent’s socket (ms)',
        ['count', 'p50', 'p99', 'max'],
        [
          latencyRow(`steady ${STEADY_RATE}/s, seats free`, steadyLatency),
          latencyRow('drain, all offered', drainLatency),
          ...(drainLatency.length > seatsTotal
            ? [latencyRow(`drain, fastest ${firstFill.length}`, firstFill)]
            : []),
        ],
      ),
    );
    console.log(
      `steady: ${steadySummary.count} offered, ${steadySummary.errors} not within ${WAIT_TIMEOUT_MS / 1000} s, ` +
        `max send lag ${steadySummary.maxSendLagMs?.toFixed(1)} ms; load average after ${loadSteady}`,
    );
    console.log('');
    console.log(
      grid(
        `${AGENTS} sockets: connect until ready (ms)`,
        ['count', 'p50', 'p99', 'max'],
        [
          latencyRow('bare socket.io', floorConnect),
          latencyRow('desk (auth, presence row)', deskConnect),
        ],
      ),
    );
    console.log(
      `desk: all ${AGENTS} connected in ${connectSeconds.toFixed(1)} s (50 handshakes in flight)`,
    );
    console.log('');
    for (const rate of RATES) {
      console.log(
        table(
          `Fan-out at ${rate}/s for ${SECONDS} s: published → on the agent’s socket (latency from when due)`,
          {
            'Kafka round trip': kafkaTrip[rate]!,
            'bare socket.io+Redis': floorDirect[rate]!,
            'desk message': { ...fanout[rate]!, serverCpuMs: fanoutCpu[rate] },
          },
          { unit: 'messages', one: 'msg', server: 'desk (both)' },
        ),
      );
      console.log('');
    }
    console.log(`load average after fan-out: ${loadFanout}`);
    const broadcast = summarize(floorBroadcasts, 0, 1);
    const deskQueue = summarize(agents.queuePushes, 0, 1);
    const cells = (s: Summary) => [
      String(s.count),
      s.p50.toFixed(1),
      s.p99.toFixed(1),
      s.max.toFixed(1),
    ];
    console.log(
      grid(
        `One emit to all ${AGENTS} sockets: emit → arrival on each socket (ms)`,
        ['deliveries', 'p50', 'p99', 'max'],
        [
          ['bare socket.io (20 emits)', cells(broadcast)],
          ['desk `queue` pushes', cells(deskQueue)],
        ],
      ),
    );
    console.log('');
    const ok = checks.every(([, passed]) => passed);
    console.log(`### Checks: ${ok ? 'ALL PASS' : 'FAILED'}`);
    for (const [name, passed, detail] of checks)
      console.log(`- ${passed ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
    console.log(
      `- offers by status: ${offerStatuses.map((row) => `${row.status} ${row.n}`).join(', ')}`,
    );
    console.log(
      `- offers per conversation: ${perConversation.map((row) => `${row.offers}: ${row.n}`).join(', ')}`,
    );
    console.log(
      `- refused requests / socket errors: ${JSON.stringify(Object.fromEntries(agents.refusals))}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await agents?.close();
    await fold.stop();
    await admin.disconnect();
    await publisher.disconnect();
    await db.end();
    console.log(`logs of the apps: ${platform.logDir}`);
    await platform.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
