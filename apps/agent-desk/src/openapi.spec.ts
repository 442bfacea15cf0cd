import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { loadConfig } from '@tandem/config';
import { controllersOf, servedRoutes } from '@tandem/platform';
import { documentedOperations, expectedSecurity, openApiProblems } from '@tandem/testing';
import { AgentDeskModule } from './agent-desk.module';
import { deskEnvSchema } from './config';
import {
  DESK_REQUEST_SCHEMAS,
  DESK_RESPONSE_SCHEMAS,
  DESK_ROUTES,
  deskOpenApi,
  socketSchemaName,
} from './openapi';
import { DESK_NAMESPACE, DESK_SOCKET_EVENTS } from './realtime/socket-events';

type Operation = {
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: { $ref: string }; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { examples?: object }> }>;
};
type Paths = Record<string, Record<string, Operation>>;
type SocketEventDoc = {
  name: string;
  direction: string;
  audience: string;
  payload: { $ref: string };
  ack?: { $ref: string };
};

/** The node a local `#/...` reference points at, or undefined. */
function resolveRef(document: Record<string, unknown>, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[key]
          : undefined,
      document,
    );
}

/** `post /v1/x/{id}` → the status Nest answers on success (@HttpCode, else 201 for POST, 200). */
function successStatuses(controllers: readonly Type[]): Map<string, number> {
  const statuses = new Map<string, number>();
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined || name === 'constructor') continue;
      const own = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      const path = `/${[base, own]
        .flatMap((part) => part.split('/'))
        .filter(Boolean)
        .map((segment) => segment.replace(/^:(\w+)$/, '{$1}'))
        .join('/')}`;
      const verb = RequestMethod[method].toLowerCase();
      const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
      statuses.set(`${verb} ${path}`, code ?? (verb === 'post' ? 201 : 200));
    }
  }
  return statuses;
}

describe('the agent desk OpenAPI document', () => {
  const document = deskOpenApi();
  const paths = document.paths as Paths;
  const config = loadConfig(deskEnvSchema, {
    KAFKA_BROKERS: '127.0.0.1:9092',
    DATABASE_URL: 'postgres://tandem:tandem@127.0.0.1:5432/tandem',
    REDIS_URL: 'redis://127.0.0.1:6379',
    JWT_SECRET: 'a-secret-only-read-to-build-the-module-tree',
  });
  const controllers = controllersOf(AgentDeskModule.register(config));
  const routes = servedRoutes(controllers);
  const codes = (path: string, method: string) =>
    Object.values(paths[path]![method]!.responses).flatMap((response) =>
      Object.keys(response.content?.['application/problem+json']?.examples ?? {}),
    );

  it('finds the routes the desk serves, from every context, health and this document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(60);
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining([
        'post /v1/auth/login',
        'put /v1/agents/me/presence',
        'post /v1/offers/{id}/accept',
        'post /v1/conversations/{id}/transfer',
        'get /v1/conversations/{id}/notes',
        'get /v1/canned-responses/{id}/render',
        'put /v1/wrap-up-codes/{code}',
        'get /v1/schedules/coverage',
        'post /v1/reviews/{id}/verdict',
        'get /v1/kpis',
        'get /v1/usage',
        'get /v1/surveys',
        'delete /v1/queues/{name}',
        'get /health/ready',
        'get /metrics',
        'get /openapi.json',
      ]),
    );
  });

  it('documents every route the desk serves, and nothing else', () => {
    const served = routes.map((route) => `${route.method} ${route.path}`).sort();
    expect(documentedOperations(paths)).toEqual(served);
  });

  it('asks each route for the role its controller checks, and nothing of the public ones', () => {
    for (const route of routes) {
      const operation = paths[route.path]![route.method]!;
      expect({ route: `${route.method} ${route.path}`, security: operation.security }).toEqual({
        route: `${route.method} ${route.path}`,
        security: expectedSecurity(route),
      });
    }
    expect(paths['/v1/conversations/{id}/reassign']!.post!.security).toEqual([
      { bearer: ['supervisor'] },
      { apiKey: ['supervisor'] },
    ]);
    expect(paths['/v1/auth/login']!.post!.security).toEqual([]);
  });

  it('documents the status each route answers on success', () => {
    const statuses = successStatuses(controllers);
    for (const route of DESK_ROUTES) {
      const key = `${route.method} ${route.path}`;
      expect({ key, status: route.response.status }).toEqual({ key, status: statuses.get(key) });
    }
  });

  it('answers 401 and 403 problem+json with the auth codes on every authenticated route', () => {
    for (const route of routes.filter((served) => !served.public)) {
      const { responses } = paths[route.path]![route.method]!;
      const of = (status: string) =>
        Object.keys(responses[status]?.content?.['application/problem+json']?.examples ?? {});
      expect(of('401')).toEqual([
        'AUTH.UNAUTHENTICATED',
        'AUTH.INVALID_TOKEN',
        'AUTH.INVALID_API_KEY',
      ]);
      expect(of('403')).toContain('AUTH.FORBIDDEN');
    }
  });

  it.each([
    ['/v1/auth/login', 'post', ['AUTH.INVALID_CREDENTIALS', 'AUTH.ACCOUNT_DISABLED']],
    ['/v1/agents/me/presence', 'put', ['DESK.INVALID_PRESENCE', 'DESK.INVALID_BUSY_STATE']],
    ['/v1/offers/{id}/accept', 'post', ['DESK.OFFER_NOT_PENDING', 'DESK.OFFER_EXPIRED']],
    ['/v1/conversations', 'get', ['DESK.INVALID_QUERY', 'DESK.INVALID_CURSOR']],
    [
      '/v1/conversations/{id}/resolve',
      'post',
      ['DESK.CONVERSATION_NOT_ACTIVE', 'DESK.UNKNOWN_WRAP_UP_CODE', 'REQUEST.MALFORMED_JSON'],
    ],
    ['/v1/conversations/{id}/customer', 'patch', ['DESK.GATEWAY_UNAVAILABLE']],
    ['/v1/conversations/{id}/transfer', 'post', ['DESK.NOT_ASSIGNED_TO_YOU']],
    ['/v1/conversations/{id}/reassign', 'post', ['DESK.CONVERSATION_CLOSED']],
    ['/v1/reviews/{id}/verdict', 'post', ['DESK.REVIEW_ALREADY_DONE', 'DESK.INVALID_VERDICT']],
    ['/v1/kpis', 'get', ['DESK.INVALID_KPI_QUERY', 'DESK.INVALID_KPI_RANGE']],
    ['/v1/teams/{id}', 'delete', ['DESK.TEAM_NOT_FOUND', 'DESK.TEAM_IN_USE']],
    ['/v1/queues', 'post', ['DESK.QUEUE_EXISTS', 'DESK.INVALID_QUEUE']],
  ])('%s %s names %j', (path, method, expected) => {
    expect(codes(path, method)).toEqual(expect.arrayContaining(expected));
  });

  it('a transfer is never refused as closed, a reassignment never as not yours', () => {
    expect(codes('/v1/conversations/{id}/transfer', 'post')).not.toContain(
      'DESK.CONVERSATION_CLOSED',
    );
    expect(codes('/v1/conversations/{id}/reassign', 'post')).not.toContain(
      'DESK.NOT_ASSIGNED_TO_YOU',
    );
  });

  it('names every DESK.* and AUTH.* code the desk’s code can answer, and no other', () => {
    const source = (readdirSync(__dirname, { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts') && !/spec\.ts$/.test(file))
      .filter((file) => !file.startsWith('openapi'))
      .map((file) => readFileSync(join(__dirname, file), 'utf8'))
      .join('\n');
    const thrown = new Set(source.match(/(?<=')(?:DESK|AUTH)\.[A-Z_]+(?=')/g));
    const socket = document['x-socket-events'] as {
      handshake: { refusals: { code: string }[] };
      ackErrors: { code: string }[];
    };
    const named = new Set([
      ...Object.entries(paths).flatMap(([path, item]) =>
        Object.keys(item).flatMap((method) => codes(path, method)),
      ),
      ...socket.handshake.refusals.map((refusal) => refusal.code),
      ...socket.ackErrors.map((error) => error.code),
    ]);
    const desks = (set: Set<string>) =>
      [...set].filter((code) => code.startsWith('DESK.') || thrown.has(code)).sort();
    expect(thrown.size).toBeGreaterThanOrEqual(50);
    expect(desks(named)).toEqual([...thrown].sort());
  });

  it('is structurally sound OpenAPI 3.1', () => {
    expect(openApiProblems(document)).toEqual([]);
  });

  it('every request body example is valid for its schema', () => {
    const examples = DESK_ROUTES.filter((route) => route.body?.example !== undefined);
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const route of examples) {
      const schema = DESK_REQUEST_SCHEMAS[route.body!.schema]!;
      const result = schema.safeParse(route.body!.example);
      expect({ route: route.operationId, issues: result.error?.issues ?? [] }).toEqual({
        route: route.operationId,
        issues: [],
      });
    }
  });

  it('every body and response a route names is a component schema', () => {
    const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
    for (const route of DESK_ROUTES) {
      if (route.body) expect(schemas).toHaveProperty([route.body.schema]);
      if (route.response.schema) expect(schemas).toHaveProperty([route.response.schema]);
    }
    expect(Object.keys(DESK_RESPONSE_SCHEMAS)).toEqual(
      expect.arrayContaining(['Session', 'Conversation', 'Kpis', 'Problem']),
    );
  });

  describe('the socket API (x-socket-events)', () => {
    const socket = document['x-socket-events'] as {
      namespace: string;
      handshake: { auth: object; refusals: { code: string; status: number }[] };
      events: SocketEventDoc[];
    };

    it('names the namespace, the handshake and its refusal codes', () => {
      expect(socket.namespace).toBe(DESK_NAMESPACE);
      expect(socket.handshake.auth).toHaveProperty('token');
      expect(socket.handshake.refusals.map((refusal) => refusal.code)).toEqual([
        'AUTH.UNAUTHENTICATED',
        'AUTH.INVALID_TOKEN',
        'AUTH.FORBIDDEN',
        'DESK.NOT_AN_AGENT',
      ]);
    });

    it('documents every socket event, and nothing else', () => {
      expect(socket.events.map((event) => event.name).sort()).toEqual(
        Object.keys(DESK_SOCKET_EVENTS).sort(),
      );
    });

    it.each(Object.entries(DESK_SOCKET_EVENTS))(
      '%s: direction, audience, a resolvable payload schema and its ack',
      (name, spec) => {
        const event = socket.events.find((entry) => entry.name === name)!;
        expect(event).toMatchObject({ direction: spec.direction, audience: spec.audience });
        expect(event.payload.$ref).toBe(`#/components/schemas/${socketSchemaName(name)}`);
        const payload = resolveRef(document, event.payload.$ref) as { type?: string };
        expect(payload).toMatchObject({ type: 'object' });
        if (spec.ack) expect(resolveRef(document, event.ack!.$ref)).toBeDefined();
        else expect(event.ack).toBeUndefined();
      },
    );

    it('client events are acknowledged; the realtime tag points to this section', () => {
      const clientEvents = socket.events.filter((event) => event.direction === 'client-to-server');
      expect(clientEvents.map((event) => event.name).sort()).toEqual(['unwatch', 'watch']);
      expect(clientEvents.every((event) => event.ack)).toBe(true);
      const tags = document.tags as { name: string; description: string }[];
      expect(tags.find((tag) => tag.name === 'realtime')?.description).toContain('x-socket-events');
    });
  });

  it('docs/openapi/agent-desk.json is current (regenerate with node dist/scripts/openapi.js)', () => {
    const file = join(__dirname, '..', '..', '..', 'docs', 'openapi', 'agent-desk.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(document);
  });
});
