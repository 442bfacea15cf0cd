import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { createEvent, signBody, SIGNATURE_HEADER, topicFor } from '@tandem/contracts';
import { createKafka, ensureTopics, type Kafka } from '@tandem/messaging';
import { createLogger } from '@tandem/observability';
import { stackEnv, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';
import { closedLoop, numericArgs, openLoop, type Summary, table } from './stats';

/**
 * Ingest: webhooks through the gateway to an acknowledged Kafka event, against a bare
 * kafkajs producer publishing the same events with the same durability (idempotent,
 * acks from all in-sync replicas), measured in the same run on the same broker.
 *
 *   npm run build && node dist/bench/ingest.js [--messages 5000] [--concurrency 64] [--rate 1000] [--seconds 10]
 */
const args = numericArgs();
const MESSAGES = args.get('messages') ?? 5_000;
const CONCURRENCY = args.get('concurrency') ?? 64;
const RATE = args.get('rate') ?? 1_000;
const SECONDS = args.get('seconds') ?? 10;
const CUSTOMERS = 500;

function webhookBody(index: number, run: string): string {
  return JSON.stringify({
    messageId: `${run}-${index}`,
    from: { id: `customer-${index % CUSTOMERS}` },
    text: index % 2 === 0 ? 'When will my card arrive?' : '我想查询订单的物流状态',
  });
}

type Send = (run: string) => (index: number) => Promise<boolean>;

/** One side of the comparison: how to send a message, and how much CPU it reports using. */
interface Side {
  send: Send;
  cpuSeconds?: () => Promise<number>;
  close(): Promise<void>;
}

/** Webhooks through the gateway, over keep-alive connections (undici's pool costs the client far less than fetch). */
function gatewaySide(platform: PlatformUnderTest): Side {
  const origin = platform.url('gateway');
  const pool = new Pool(origin, { connections: 256, keepAliveTimeout: 30_000 });
  const path = `/v1/channels/${platform.channelId}/messages`;
  return {
    send: (run) => async (index) => {
      const body = webhookBody(index, run);
      const response = await pool.request({
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signBody(platform.secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
      });
      await response.body.dump();
      return response.statusCode === 202;
    },
    // The gateway's own process CPU, from its Prometheus metrics.
    cpuSeconds: async () => {
      const response = await fetch(`${origin}/metrics`);
      const match = /^process_cpu_seconds_total(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec(
        await response.text(),
      );
      return match ? Number(match[1]) : Number.NaN;
    },
    close: () => pool.close(),
  };
}

/** The same events, published by a bare kafkajs producer with the gateway's durability settings. */
async function bareProducerSide(
  kafka: Kafka,
  prefix: string,
  tenantId: string,
  channelId: string,
): Promise<Side> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const topic = topicFor(prefix, 'conversations');
  const conversations = Array.from({ length: CUSTOMERS }, () => randomUUID());
  return {
    send: (run) => async (index) => {
      const messageId = randomUUID();
      const event = createEvent('message.received', {
        tenantId,
        aggregateId: conversations[index % CUSTOMERS]!,
        payload: {
          messageId,
          channel: { id: channelId, type: 'generic' },
          channelMessageId: `${run}-${index}`,
          customer: { id: conversations[index % CUSTOMERS]! },
          text: index % 2 === 0 ? 'When will my card arrive?' : '我想查询订单的物流状态',
          attachments: [],
          receivedAt: new Date().toISOString(),
        },
      });
      try {
        await producer.send({
          topic,
          acks: -1,
          messages: [
            {
              key: event.aggregateId,
              value: JSON.stringify(event),
              headers: { 'event-type': event.type, 'tenant-id': event.tenantId },
            },
          ],
        });
        return true;
      } catch {
        return false;
      }
    },
    close: () => producer.disconnect(),
  };
}

/** Runs one phase on one side, adding the CPU the side reports per message. */
async function measure(
  side: Side,
  phase: (send: (index: number) => Promise<boolean>) => Promise<Summary>,
  run: string,
): Promise<Summary> {
  const before = await side.cpuSeconds?.();
  const summary = await phase(side.send(run));
  const after = await side.cpuSeconds?.();
  if (before === undefined || after === undefined) return summary;
  return { ...summary, serverCpuMs: ((after - before) * 1000) / (summary.count + summary.errors) };
}

async function main(): Promise<void> {
  const logger = createLogger('bench', 'silent');
  const platform = new PlatformUnderTest(
    {
      DATABASE_POOL_SIZE: '20',
      // This measures ingest, not the rate limiter: lift the limits out of the way.
      RATE_LIMIT_CHANNEL_PER_SECOND: '1000000',
      RATE_LIMIT_TENANT_PER_SECOND: '1000000',
      // e.g. BENCH_GATEWAY_NODE_OPTIONS=--cpu-prof to profile the gateway under load.
      ...(process.env.BENCH_GATEWAY_NODE_OPTIONS
        ? { NODE_OPTIONS: process.env.BENCH_GATEWAY_NODE_OPTIONS }
        : {}),
    },
    ['gateway'],
    { tap: false },
  );
  await platform.start();
  try {
    const kafka = createKafka({
      brokers: stackEnv().KAFKA_BROKERS.split(','),
      clientId: 'bench',
      logger,
    });
    const bareprefix = uniqueId('bench-bare-');
    await ensureTopics(kafka, { prefix: bareprefix, replicationFactor: 1, retentionMs: 3_600_000 });
    console.log(
      `ingest benchmark: ${MESSAGES} messages at concurrency ${CONCURRENCY}, then ${RATE}/s for ${SECONDS} s; ${CUSTOMERS} customers; loopback, one broker`,
    );
    const only = process.env.BENCH_ONLY;
    const sides: Record<string, Side> = {};
    if (only !== 'gateway')
      sides['bare kafkajs'] = await bareProducerSide(
        kafka,
        bareprefix,
        platform.tenantId,
        platform.channelId,
      );
    if (only !== 'bare') sides.gateway = gatewaySide(platform);
    const max: Record<string, Summary> = {};
    const fixed: Record<string, Summary> = {};
    try {
      // Each phase runs on both sides back to back, so both see the same machine load.
      // Warm-up (JIT, connections, every customer's conversation opened) is not measured.
      for (const side of Object.values(sides))
        await closedLoop(500, CONCURRENCY, side.send('warmup'));
      for (const [name, side] of Object.entries(sides))
        max[name] = await measure(side, (send) => closedLoop(MESSAGES, CONCURRENCY, send), 'max');
      for (const [name, side] of Object.entries(sides))
        fixed[name] = await measure(side, (send) => openLoop(RATE, SECONDS, send), 'fixed');
    } finally {
      for (const side of Object.values(sides)) await side.close();
    }
    console.log('');
    console.log(table(`Maximum rate (closed loop, ${CONCURRENCY} in flight)`, max));
    console.log('');
    console.log(
      table(`Fixed rate ${RATE}/s for ${SECONDS} s (open loop, latency from when due)`, fixed),
    );
    console.log('');
    const gateway = fixed.gateway;
    if (gateway) {
      const sustained = gateway.errors === 0 && gateway.perSecond >= RATE * 0.98;
      const met = sustained && gateway.p99 < 50;
      console.log(
        `gateway p99 at ${RATE}/s: ${gateway.p99.toFixed(1)} ms, ${gateway.perSecond.toFixed(0)}/s sustained, ${gateway.errors} errors (target < 50 ms): ${met ? 'met' : 'NOT met'}`,
      );
    }
    if (max.gateway && max['bare kafkajs']) {
      const ratio = max.gateway.perSecond / max['bare kafkajs'].perSecond;
      console.log(
        `gateway / bare producer rate: ${(ratio * 100).toFixed(0)}% (target ≥ 50%): ${ratio >= 0.5 ? 'met' : 'NOT met'}`,
      );
    }
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
