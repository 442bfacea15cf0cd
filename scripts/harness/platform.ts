import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TokenService } from '@tandem/auth';
import {
  signBody,
  type EventEnvelope,
  SIGNATURE_HEADER,
  topicFor,
  verifySignature,
  type AnyEvent,
  type OutboundMessage,
} from '@tandem/contracts';
import {
  createKafka,
  deleteTopics,
  EventPublisher,
  TopicTap,
  type CustomerKeyring,
  type Kafka,
  type TappedRecord,
} from '@tandem/messaging';
import { remoteKeyring } from '@tandem/platform';
import { createLogger } from '@tandem/observability';
import {
  createTestDatabase,
  dropTestDatabase,
  eventually,
  REPO_ROOT,
  stackEnv,
  uniqueId,
} from '@tandem/testing';
import { migrateAll } from '../migrate';
import { seedDemo } from '../seed-demo';
import { DEMO_CHANNEL, DEMO_PASSWORD } from '../demo-data';

export const APPS = ['knowledge', 'bot', 'router', 'agent-desk', 'gateway'] as const;
export type AppName = (typeof APPS)[number];

const PORT_ENV: Record<AppName, string> = {
  gateway: 'GATEWAY_PORT',
  bot: 'BOT_PORT',
  router: 'ROUTER_PORT',
  'agent-desk': 'DESK_PORT',
  knowledge: 'KNOWLEDGE_PORT',
};

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The five apps as real processes (built into dist/), against the real Kafka, Postgres
 * and Redis, isolated from every other test run by their own database, topic prefix and
 * tenant. A customer callback server records what the gateway delivers.
 */
export class PlatformUnderTest {
  readonly deliveries: OutboundMessage[] = [];
  /** Every delivery attempt, also refused ones: to check retries. */
  readonly attempts: { replyId: string; idempotencyKey: string | undefined; at: number }[] = [];
  /** How the customer's channel answers a delivery; tests change it to fail or hang. */
  callbackBehaviour: () => number | 'hang' = () => 200;
  readonly processes = new Map<AppName, ChildProcess>();
  private readonly replicas: ChildProcess[] = [];
  private readonly replicaUrls = new Map<ChildProcess, string>();
  readonly ports = {} as Record<AppName, number>;
  tenantId = '';
  readonly channelId = randomUUID();
  /**
   * The tenant's web chat channel (the widget's): its allowed origins are the run's gateway
   * (which serves the demo page, `/widget/demo.html?channel=<id>`) on 127.0.0.1 and localhost.
   */
  readonly webchatChannelId = randomUUID();
  readonly secret = DEMO_CHANNEL.secret;
  private env: Record<string, string> = {};
  private callbackServer: Server | null = null;
  private tap: TopicTap | null = null;
  private readonly tokens: TokenService;
  readonly jwtSecret = `test-secret-${uniqueId()}-${uniqueId()}-${uniqueId()}`;
  readonly encryptionKey = randomBytes(32).toString('base64');
  /** The run's own database (for tests that look at what is stored). */
  databaseUrl = '';
  readonly logDir = join(REPO_ROOT, 'test-results', 'logs', uniqueId('run-'));

  constructor(
    private readonly overrides: Record<string, string> = {},
    private readonly apps: readonly AppName[] = APPS,
    private readonly options: { tap?: boolean } = {},
  ) {
    this.tokens = new TokenService({ secret: this.jwtSecret, issuer: 'tandem' });
  }

  /** The environment the apps run with, for running the project's CLIs against them. */
  appEnv(): Record<string, string> {
    return { ...this.env };
  }

  url(app: AppName): string {
    return `http://127.0.0.1:${this.ports[app]}`;
  }

  get topicPrefix(): string {
    return this.env.KAFKA_TOPIC_PREFIX!;
  }

  async start(): Promise<void> {
    const stack = stackEnv();
    const databaseUrl = await createTestDatabase(stack.DATABASE_URL);
    this.databaseUrl = databaseUrl;
    this.tenantId = uniqueId('t');
    this.callbackServer = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks);
        const signature = request.headers[SIGNATURE_HEADER] as string | undefined;
        if (!verifySignature(this.secret, raw, signature, Math.floor(Date.now() / 1000), 300).ok) {
          response.writeHead(401).end();
          return;
        }
        const message = JSON.parse(raw.toString('utf8')) as OutboundMessage;
        this.attempts.push({
          replyId: message.replyId,
          idempotencyKey: request.headers['idempotency-key'] as string | undefined,
          at: Date.now(),
        });
        const behaviour = this.callbackBehaviour();
        if (behaviour === 'hang') return; // never answers: the gateway's timeout must fire
        if (behaviour === 200) this.deliveries.push(message);
        response.writeHead(behaviour).end();
      });
    });
    await new Promise<void>((resolve) => this.callbackServer!.listen(0, '127.0.0.1', resolve));
    const callbackPort = (this.callbackServer.address() as AddressInfo).port;

    for (const app of APPS) this.ports[app] = await freePort();
    await migrateAll(databaseUrl, () => undefined);
    await seedDemo({
      databaseUrl,
      tenantId: this.tenantId,
      channelId: this.channelId,
      webchatChannelId: this.webchatChannelId,
      webchatOrigins: [
        `http://127.0.0.1:${this.ports.gateway}`,
        `http://localhost:${this.ports.gateway}`,
      ],
      encryptionKey: this.encryptionKey,
      callbackUrl: `http://127.0.0.1:${callbackPort}/callback`,
    });

    this.env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: uniqueId('e2e-'),
      DATABASE_URL: databaseUrl,
      REDIS_URL: stack.REDIS_URL,
      JWT_SECRET: this.jwtSecret,
      GATEWAY_ENCRYPTION_KEY: this.encryptionKey,
      KNOWLEDGE_URL: `http://127.0.0.1:${this.ports.knowledge}`,
      DESK_URL: `http://127.0.0.1:${this.ports['agent-desk']}`,
      BOT_URL: `http://127.0.0.1:${this.ports.bot}`,
      GATEWAY_URL: `http://127.0.0.1:${this.ports.gateway}`,
      // The console, served by the desk, calls knowledge and the router from the browser.
      CONSOLE_ORIGINS: `http://127.0.0.1:${this.ports['agent-desk']}`,
      CONSOLE_KNOWLEDGE_URL: `http://127.0.0.1:${this.ports.knowledge}`,
      CONSOLE_ROUTER_URL: `http://127.0.0.1:${this.ports.router}`,
      CONSOLE_BOT_URL: `http://127.0.0.1:${this.ports.bot}`,
      OUTBOX_POLL_MS: '100',
      DISPATCH_SWEEP_MS: '500',
      DELIVERY_BACKOFF_MS: '100',
      ...Object.fromEntries(APPS.map((app) => [PORT_ENV[app], String(this.ports[app])])),
      ...this.overrides,
    };
    mkdirSync(this.logDir, { recursive: true });
    // The apps create the topics at boot; the tap, started after them, reads them from the beginning.
    await Promise.all(this.apps.map((app) => this.startApp(app)));
    if (this.options.tap !== false) await this.startTap();
  }

  /** Starts reading the log (from the beginning); `start` does it, call it again after a broker outage. */
  async startTap(): Promise<void> {
    await this.tap?.stop();
    this.tap = new TopicTap(
      this.kafka(),
      [
        topicFor(this.topicPrefix, 'conversations'),
        topicFor(this.topicPrefix, 'articles'),
        topicFor(this.topicPrefix, 'customers'),
        topicFor(this.topicPrefix, 'agents'),
      ],
      this.keyring(),
    );
    await this.tap.start();
  }

  /** Customers' keys from the run's gateway, as a service would get them. */
  keyring(cacheMs = 60_000): CustomerKeyring {
    return remoteKeyring({
      tokens: this.tokens,
      config: { GATEWAY_URL: this.url('gateway'), CUSTOMER_KEY_CACHE_MS: cacheMs },
      service: 'e2e',
    });
  }

  /** The records on the log as they are stored (personal fields sealed). */
  rawRecords(): readonly TappedRecord[] {
    return this.tap?.records ?? [];
  }

  /** A Kafka client on the brokers the apps use (for publishing test events directly). */
  kafka(): Kafka {
    return createKafka({
      brokers: this.env.KAFKA_BROKERS!.split(','),
      clientId: 'e2e',
      logger: createLogger('e2e', 'silent'),
    });
  }

  async startApp(app: AppName): Promise<void> {
    this.processes.set(app, await this.spawnApp(app, this.url(app), this.env, app));
  }

  /**
   * A second gateway on its own port, sharing the first one's database, topics and Redis
   * (to test what crosses instances, e.g. socket fan-out). Stopped by `stop()`.
   */
  async startGatewayReplica(): Promise<string> {
    return this.startReplica('gateway');
  }

  /**
   * Another instance of an app on its own port, sharing the first one's database, topics,
   * consumer groups and Redis (e.g. a second desk: socket fan-out, presence across instances).
   * Stopped by `stop()`, or earlier by `stopReplica`.
   */
  async startReplica(app: AppName): Promise<string> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { ...this.env, [PORT_ENV[app]]: String(port) };
    const child = await this.spawnApp(app, url, env, `${app}-${this.replicas.length + 2}`);
    this.replicas.push(child);
    this.replicaUrls.set(child, url);
    return url;
  }

  /** Stops the replica at `url`: SIGKILL is a crash, SIGTERM a graceful shutdown. */
  async stopReplica(url: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = [...this.replicaUrls].find(([, replicaUrl]) => replicaUrl === url)?.[0];
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  private async spawnApp(
    app: AppName,
    url: string,
    env: Record<string, string>,
    logName: string,
  ): Promise<ChildProcess> {
    const log = createWriteStream(join(this.logDir, `${logName}.log`), { flags: 'a' });
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'dist', 'apps', app, 'src', 'main.js')],
      {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    await eventually(
      async () => {
        if (child.exitCode !== null)
          throw new Error(
            `${app} exited with ${child.exitCode}; see ${this.logDir}/${logName}.log`,
          );
        const response = await fetch(`${url}/health/ready`);
        if (response.status !== 200) throw new Error(`${app} not ready: ${await response.text()}`);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    return child;
  }

  /** Stops one app: SIGKILL is a crash, SIGTERM a graceful shutdown. */
  async stopApp(app: AppName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.processes.get(app);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    this.processes.delete(app);
  }

  async stop(): Promise<void> {
    await this.tap?.stop();
    await Promise.all(this.apps.map((app) => this.stopApp(app)));
    await Promise.all(
      this.replicas.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }),
    );
    this.callbackServer?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.callbackServer ? this.callbackServer.close(() => resolve()) : resolve(),
    );
    // Leave the shared stack as we found it; a failed clean-up never fails a test.
    if (this.env.KAFKA_TOPIC_PREFIX)
      await deleteTopics(this.kafka(), this.topicPrefix).catch(() => undefined);
    if (this.databaseUrl) await dropTestDatabase(this.databaseUrl).catch(() => undefined);
  }

  /** Every valid event on the conversation and article topics so far. */
  events(): AnyEvent[] {
    return this.tap?.events() ?? [];
  }

  eventsOf<T extends AnyEvent['type']>(
    type: T,
    conversationId?: string,
  ): Extract<AnyEvent, { type: T }>[] {
    return this.events().filter(
      (event): event is Extract<AnyEvent, { type: T }> =>
        event.type === type &&
        (conversationId === undefined || event.aggregateId === conversationId),
    );
  }

  /** Waits for the message.received event of one message, by the provider's id or the gateway's. */
  async received(match: {
    channelMessageId?: string;
    messageId?: string;
  }): Promise<EventEnvelope<'message.received'>> {
    return eventually(() => {
      const event = this.eventsOf('message.received').find(
        (candidate) =>
          (match.channelMessageId === undefined ||
            candidate.payload.channelMessageId === match.channelMessageId) &&
          (match.messageId === undefined || candidate.payload.messageId === match.messageId),
      );
      if (!event) throw new Error(`no message.received for ${JSON.stringify(match)} yet`);
      return event;
    });
  }

  /** A publisher on the apps' topics, to put events on the log directly; the caller disconnects it. */
  async publisher(): Promise<EventPublisher> {
    const publisher = new EventPublisher(this.kafka(), {
      prefix: this.topicPrefix,
      logger: createLogger('e2e', 'silent'),
      sendTimeoutMs: 10_000,
    });
    await publisher.connect();
    return publisher;
  }

  /** A signed generic-webhook message from a customer whose contacts the adapter verified; returns what was accepted. */
  async verifiedCustomerSays(
    from: { id: string; verifiedEmail?: string; verifiedPhone?: string },
    text: string,
  ): Promise<{ messageId: string; conversationId: string }> {
    const body = JSON.stringify({ messageId: uniqueId('m-'), from, text });
    const response = await this.customerSays(from.id, text, { rawBody: body });
    if (response.status !== 202)
      throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { messageId: string; conversationId: string };
  }

  /** Posts a customer message to the generic webhook, signed like a real adapter. */
  async customerSays(
    customerId: string,
    text: string,
    options: {
      messageId?: string;
      action?: 'request_human';
      signature?: string;
      rawBody?: string;
    } = {},
  ): Promise<Response> {
    const body =
      options.rawBody ??
      JSON.stringify({
        messageId: options.messageId ?? uniqueId('msg-'),
        from: { id: customerId },
        text,
        ...(options.action ? { action: options.action } : {}),
      });
    return fetch(`${this.url('gateway')}/v1/channels/${this.channelId}/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]:
          options.signature ?? signBody(this.secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
    });
  }

  async login(email: string): Promise<string> {
    const response = await fetch(`${this.url('agent-desk')}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: this.tenantId, email, password: DEMO_PASSWORD }),
    });
    if (response.status !== 200)
      throw new Error(`login failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  /**
   * A demo agent takes an escalated conversation through the desk API: logs in, goes online,
   * waits for its offer and accepts it.
   */
  async agentTakes(
    email: string,
    conversationId: string,
  ): Promise<{ token: string; agentId: string; offerId: string }> {
    const token = await this.login(email);
    const agentId = (await this.call<{ id: string }>('agent-desk', 'GET', '/v1/agents/me', token))
      .body.id;
    await this.call('agent-desk', 'PUT', '/v1/agents/me/presence', token, { status: 'online' });
    const offerId = await eventually(async () => {
      const { body } = await this.call<{ offers: { id: string; conversationId: string }[] }>(
        'agent-desk',
        'GET',
        '/v1/offers',
        token,
      );
      const offer = body.offers.find((candidate) => candidate.conversationId === conversationId);
      if (!offer) throw new Error(`no offer of ${conversationId} for ${email} yet`);
      return offer.id;
    });
    const accepted = await this.call('agent-desk', 'POST', `/v1/offers/${offerId}/accept`, token);
    if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}`);
    return { token, agentId, offerId };
  }

  /** An admin token for the test tenant, as the desk would issue it. */
  adminToken(): string {
    return this.tokenAs('admin');
  }

  /** A token for the test tenant with this role, as the desk would issue it (no desk needed). */
  tokenAs(role: 'agent' | 'supervisor' | 'admin'): string {
    return this.tokens.issueAccess({
      subject: `test-${role}`,
      tenantId: this.tenantId,
      role,
      name: `Test ${role}`,
    });
  }

  async call<T = unknown>(
    app: AppName,
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url(app)}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }
}
