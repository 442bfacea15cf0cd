import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Agent, setGlobalDispatcher } from 'undici';
import { createEvent, signBody, SIGNATURE_HEADER, topicFor } from '@tandem/contracts';
import { createKafka, ensureTopics, type Kafka } from '@tandem/messaging';
import { createLogger } from '@tandem/observability';
import { stackEnv, uniqueId } from '@tandem/testing';
import { PlatformUnderTest } from '../scripts/harness/platform';
import { closedLoop, openLoop, table, type Summary } from './stats';

/**
 * Ingest: webhooks through the gateway to an acknowledged Kafka event, against a bare
 * kafkajs producer publishing the same events with the same durability (idempotent,
 * acks from all in-sync replicas), measured in the same run on the same broker.
 *
 *   npm run build && node dist/bench/ingest.js [--messages 5000] [--concurrency 64] [--rate 1000] [--seconds 10]
 */
const args = new Map<string, number>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), Number(process.argv[i + 1]));
const MESSAGES = args.get('messages') ?? 5_000;
const CONCURRENCY = args.get('concurrency') ?? 64;
const RATE = args.get('rate') ?? 1_000;
const SECONDS = args.get('seconds') ?? 10;
const CUSTOMERS = 500;

setGlobalDispatcher(new Agent({ connections: CONCURRENCY * 2, keepAliveTimeout: 30_000 }));

function webhookBody(index: number, run: string): string {
  return JSON.stringify({
    messageId: `${run}-${index}`,
    from: { id: `customer-${index % CUSTOMERS}` },
    text: index % 2 === 0 ? 'When will my card arrive?' : '我想查询订单的物流状态',
  });
}

async function gatewayRuns(platform: PlatformUnderTest): Promise<{ max: Summary; fixed: Summary }> {
  const url = `${platform.url('gateway')}/v1/channels/${platform.channelId}/messages`;
  const post = (run: string) => async (index: number) => {
    const body = webhookBody(index, run);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(platform.secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    await response.arrayBuffer();
    return response.status === 202;
  };
  await closedLoop(500, CONCURRENCY, post('warmup'));
  const max = await closedLoop(MESSAGES, CONCURRENCY, post('max'));
  const fixed = await openLoop(RATE, SECONDS, post('fixed'));
  return { max, fixed };
}

async function bareProducerRuns(
  kafka: Kafka,
  prefix: string,
  tenantId: string,
  channelId: string,
): Promise<{ max: Summary; fixed: Summary }> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const topic = topicFor(prefix, 'conversations');
  const conversations = Array.from({ length: CUSTOMERS }, () => randomUUID());
  const send = (run: string) => async (index: number) => {
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
        messages: [{ key: event.aggregateId, value: JSON.stringify(event) }],
      });
      return true;
    } catch {
      return false;
    }
  };
  await closedLoop(500, CONCURRENCY, send('warmup'));
  const max = await closedLoop(MESSAGES, CONCURRENCY, send('max'));
  const fixed = await openLoop(RATE, SECONDS, send('fixed'));
  await producer.disconnect();
  return { max, fixed };
}

async function main(): Promise<void> {
  const logger = createLogger('bench', 'silent');
  const platform = new PlatformUnderTest(
    {
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '20',
      // This measures ingest, not the rate limiter: lift the limits out of the way.
      RATE_LIMIT_CHANNEL_PER_SECOND: '1000000',
      RATE_LIMIT_TENANT_PER_SECOND: '1000000',
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
    const bare =
      only === 'gateway'
        ? null
        : await bareProducerRuns(kafka, bareprefix, platform.tenantId, platform.channelId);
    const gateway = await gatewayRuns(platform);
    if (!bare) {
      console.log(table('gateway only', { max: gateway.max, fixed: gateway.fixed }));
      return;
    }
    console.log('');
    console.log(
      table(`Maximum rate (closed loop, ${CONCURRENCY} in flight)`, {
        'bare kafkajs': bare.max,
        gateway: gateway.max,
      }),
    );
    console.log('');
    console.log(
      table(`Fixed rate ${RATE}/s for ${SECONDS} s (open loop)`, {
        'bare kafkajs': bare.fixed,
        gateway: gateway.fixed,
      }),
    );
    console.log('');
    const ratio = gateway.max.perSecond / bare.max.perSecond;
    console.log(
      `gateway / bare producer rate: ${(ratio * 100).toFixed(0)}% (target ≥ 50%); gateway p99 at ${RATE}/s: ${gateway.fixed.p99.toFixed(1)} ms (target < 50 ms)`,
    );
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
