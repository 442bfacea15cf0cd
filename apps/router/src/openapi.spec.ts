import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@tandem/config';
import { createEvent, type AnyEvent } from '@tandem/contracts';
import { controllersOf, servedRoutes } from '@tandem/platform';
import { documentedOperations, expectedSecurity, openApiProblems } from '@tandem/testing';
import { routerEnvSchema } from './config';
import { DEFAULT_POLICY, policyDocumentSchema } from './escalation/policy';
import { POLICY_EXAMPLE, REPLAY_EXAMPLES, routerOpenApi } from './openapi';
import { defaultView, policyVersionViewSchema } from './policies/policy.service';
import { ReplayAccumulator } from './replay/replay-engine';
import { replayJobViewSchema } from './replay/replay-jobs.service';
import { logReplaySchema, routerSubject } from './replay/replay-log';
import { replayRequestSchema } from './replay/replay.controller';
import { RouterModule } from './router.module';

type Operation = {
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { examples?: object }> }>;
};
type Paths = Record<string, Record<string, Operation>>;

/** A conversation whose customer asks for a person; nobody escalated it in the log. */
function askedForPerson(tenantId: string): AnyEvent[] {
  const messageId = randomUUID();
  const common = { tenantId, aggregateId: randomUUID(), customerId: 'cu' };
  return [
    createEvent('message.received', {
      ...common,
      payload: {
        messageId,
        channel: { id: 'ch', type: 'generic' },
        channelMessageId: messageId,
        customer: { id: 'cu' },
        text: 'I want to talk to a person',
        attachments: [],
        receivedAt: new Date().toISOString(),
      },
    }),
    createEvent('message.analyzed', {
      ...common,
      payload: {
        messageId,
        language: 'en',
        sentiment: { polarity: 'neutral', score: 0, intensity: 0 },
        humanRequested: true,
        intent: null,
        emotions: [],
      },
    }),
  ] as AnyEvent[];
}

describe('the router OpenAPI document', () => {
  const document = routerOpenApi();
  const paths = document.paths as Paths;
  const config = loadConfig(routerEnvSchema, {
    KAFKA_BROKERS: '127.0.0.1:9092',
    DATABASE_URL: 'postgres://tandem:tandem@127.0.0.1:5432/tandem',
    REDIS_URL: 'redis://127.0.0.1:6379',
    JWT_SECRET: 'a-secret-only-read-to-build-the-module-tree',
  });
  const routes = servedRoutes(controllersOf(RouterModule.register(config)));

  it('finds the routes the router serves, policies, replays and health among them', () => {
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining([
        'get /v1/policies/current',
        'put /v1/policies',
        'get /v1/policies/versions',
        'get /v1/policies/versions/{version}',
        'post /v1/replays',
        'get /v1/replays',
        'get /v1/replays/{id}',
        'get /health/live',
        'get /health/ready',
        'get /metrics',
        'get /openapi.json',
      ]),
    );
  });

  it('documents every route the router serves, and nothing else', () => {
    const served = routes.map((route) => `${route.method} ${route.path}`).sort();
    expect(documentedOperations(paths)).toEqual(served);
  });

  it('asks each route for the role its controller checks, and nothing of the public ones', () => {
    for (const route of routes) {
      const operation = paths[route.path]![route.method]!;
      expect({ route: route.path, security: operation.security }).toEqual({
        route: route.path,
        security: expectedSecurity(route),
      });
    }
    expect(paths['/v1/policies']!.put!.security).toEqual([
      { bearer: ['admin'] },
      { apiKey: ['admin'] },
    ]);
  });

  it('answers 401 and 403 problem+json with the auth codes on every authenticated route', () => {
    for (const route of routes.filter((served) => !served.public)) {
      const { responses } = paths[route.path]![route.method]!;
      const codes = (status: string) =>
        Object.keys(responses[status]?.content?.['application/problem+json']?.examples ?? {});
      expect(codes('401')).toEqual([
        'AUTH.UNAUTHENTICATED',
        'AUTH.INVALID_TOKEN',
        'AUTH.INVALID_API_KEY',
      ]);
      expect(codes('403')).toEqual(['AUTH.FORBIDDEN']);
    }
  });

  it('names the router’s own problem codes where they are answered', () => {
    const codes = (path: string, method: string) =>
      Object.values(paths[path]![method]!.responses).flatMap((response) =>
        Object.keys(response.content?.['application/problem+json']?.examples ?? {}),
      );
    expect(codes('/v1/policies', 'put')).toContain('ROUTER.INVALID_POLICY');
    expect(codes('/v1/policies/versions/{version}', 'get')).toEqual(
      expect.arrayContaining(['ROUTER.INVALID_VERSION', 'ROUTER.POLICY_VERSION_NOT_FOUND']),
    );
    expect(codes('/v1/replays', 'post')).toEqual(
      expect.arrayContaining(['ROUTER.INVALID_REPLAY', 'ROUTER.POLICY_VERSION_NOT_FOUND']),
    );
    expect(codes('/v1/replays/{id}', 'get')).toContain('ROUTER.REPLAY_NOT_FOUND');
  });

  it('is structurally sound OpenAPI 3.1', () => {
    expect(openApiProblems(document)).toEqual([]);
  });

  it('the candidate policy example is a valid policy that changes the default', () => {
    const policy = policyDocumentSchema.parse(POLICY_EXAMPLE);
    expect(policy.topics[0]).toMatchObject({ intents: ['legal'], immediate: true });
    expect(policy.turns.max).toBe(6);
    expect(policy).not.toEqual(policyDocumentSchema.parse({}));
  });

  it.each(Object.entries(REPLAY_EXAMPLES))(
    'the %s replay request example is valid',
    (_, example) => {
      expect(replayRequestSchema.safeParse(example.value).success).toBe(true);
    },
  );

  it('a replay request with both a policy and a version is refused', () => {
    expect(replayRequestSchema.safeParse({ policy: {}, version: 2 }).success).toBe(false);
  });

  it('the current-policy example is the built-in default, a valid version view', () => {
    const example = defaultView();
    expect(policyVersionViewSchema.parse(example)).toEqual(example);
    expect(example).toMatchObject({ version: 1, isDefault: true, createdAt: null });
  });

  it('a report the replay engine makes is a valid report, inside a valid job', () => {
    const replay = new ReplayAccumulator(routerSubject(DEFAULT_POLICY));
    for (const event of askedForPerson('t1')) replay.add(event);
    const report = {
      tenantId: 't1',
      policyVersion: 0,
      ...replay.report(),
      recordsRead: 2,
      durationMs: 3,
    };
    expect(report.changed).toMatchObject({ newlyEscalated: 1, notEscalated: 0 });
    expect(logReplaySchema.parse(report)).toEqual(report);
    const { version: _version, ...policy } = DEFAULT_POLICY;
    const job = {
      id: randomUUID(),
      status: 'done',
      policyVersion: 0,
      policy,
      requestedBy: 'supervisor-1',
      progress: { read: 2, total: 2 },
      report,
      error: null,
      createdAt: '2026-12-01T10:00:00.000Z',
      startedAt: '2026-12-01T10:00:01.000Z',
      finishedAt: '2026-12-01T10:00:02.000Z',
    };
    expect(replayJobViewSchema.parse(job)).toEqual(job);
  });

  it('docs/openapi/router.json is current (regenerate with node dist/scripts/openapi.js)', () => {
    const file = join(__dirname, '..', '..', '..', 'docs', 'openapi', 'router.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(document);
  });
});
