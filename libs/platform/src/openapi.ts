import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';
import type { HealthReport } from '@tandem/observability';
import { ROLES_KEY, PUBLIC_KEY } from './auth';
import { problemTypeUri } from './problem';

/** Helpers every app's OpenAPI 3.1 document is built with, from the schemas the code validates with. */

/** The body of every error (ProblemFilter), as a schema. */
export const problemDetailsSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
  correlationId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/**
 * A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect): `input` for what a client
 * sends (defaults make fields optional), `output` for what the service answers.
 */
export function jsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output' = 'input',
): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, target: 'draft-2020-12' });
}

/** The security schemes of the platform's AuthGuard: a Bearer access token or an API key. */
export const PLATFORM_SECURITY_SCHEMES = {
  bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
  apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
} as const;

/**
 * Either credential, with the least role the route needs: OpenAPI 3.1 lets a non-OAuth
 * requirement list the roles it needs. Roles are ordered agent < supervisor < admin.
 */
export function securedBy(...roles: string[]): Record<string, string[]>[] {
  return [{ bearer: roles }, { apiKey: roles }];
}

/** One problem+json response: its description and the stable code(s) it may carry. */
export type ProblemCase = readonly [description: string, ...codes: [string, ...string[]]];

/** A 400 for a body that is not JSON or not the schema, with the route's own code for the latter. */
export function invalidBodyProblem(code = 'REQUEST.INVALID_BODY'): ProblemCase {
  return [
    'Not JSON, or not the schema (`errors` lists each issue)',
    'REQUEST.MALFORMED_JSON',
    code,
  ];
}

/** A JSON body given by a schema in `components.schemas`, with an example when there is one. */
export function jsonContent(ref: string, example?: unknown): Record<string, unknown> {
  return {
    'application/json': {
      schema: { $ref: `#/components/schemas/${ref}` },
      ...(example === undefined ? {} : { example }),
    },
  };
}

/** The least role a route needs: its security requirement and the same in words. */
export function requiresRole(role: 'agent' | 'supervisor' | 'admin'): {
  security: Record<string, string[]>[];
  'x-tandem-role': string;
} {
  return { security: securedBy(role), 'x-tandem-role': role };
}

/**
 * problem+json responses by status, each with one example per stable code, to spread into
 * an operation's `responses`. The Problem schema must be in `components.schemas`.
 */
export function problemResponses(
  cases: Record<number, ProblemCase>,
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(cases).map(([status, [description, ...codes]]) => [
      status,
      {
        description: `${description} (${codes.join(', ')})`,
        content: {
          'application/problem+json': {
            schema: { $ref: '#/components/schemas/Problem' },
            examples: Object.fromEntries(
              codes.map((code) => [
                code,
                {
                  value: {
                    type: problemTypeUri(code),
                    title: description,
                    status: Number(status),
                    detail: '…',
                    code,
                  },
                },
              ]),
            ),
          },
        },
      },
    ]),
  );
}

/** What the AuthGuard answers for a route that needs credentials. */
export const AUTH_PROBLEMS: Record<number, ProblemCase> = {
  401: [
    'No, or refused, credentials',
    'AUTH.UNAUTHENTICATED',
    'AUTH.INVALID_TOKEN',
    'AUTH.INVALID_API_KEY',
  ],
  403: ['The caller lacks the role', 'AUTH.FORBIDDEN'],
};

export interface ServedRoute {
  method: string;
  /** In OpenAPI form: `/v1/articles/{id}`. */
  path: string;
  /** The roles of `@Roles(...)`, empty when none is named. */
  roles: string[];
  public: boolean;
}

/** The HTTP routes the controllers serve, read from their Nest metadata (no app is started). */
/** Every controller of an app's module tree, the platform's (health, metrics) included. */
export function controllersOf(module: DynamicModule): Type[] {
  return [
    ...(module.controllers ?? []),
    ...(module.imports ?? []).flatMap((imported) =>
      typeof imported === 'object' && 'module' in imported
        ? controllersOf(imported as DynamicModule)
        : [],
    ),
  ];
}

export function servedRoutes(controllers: readonly Type[]): ServedRoute[] {
  const routes: ServedRoute[] = [];
  for (const controller of controllers) {
    const base = pathsOf(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const roles =
        (Reflect.getMetadata(ROLES_KEY, handler) as string[] | undefined) ??
        (Reflect.getMetadata(ROLES_KEY, controller) as string[] | undefined) ??
        [];
      const open =
        Reflect.getMetadata(PUBLIC_KEY, handler) === true ||
        Reflect.getMetadata(PUBLIC_KEY, controller) === true;
      for (const prefix of base)
        for (const own of pathsOf(Reflect.getMetadata(PATH_METADATA, handler)))
          routes.push({
            method: RequestMethod[method].toLowerCase(),
            path: openApiPath(prefix, own),
            roles,
            public: open,
          });
    }
  }
  return routes;
}

function pathsOf(metadata: unknown): string[] {
  if (Array.isArray(metadata)) return metadata.map(String);
  return [typeof metadata === 'string' ? metadata : '/'];
}

function openApiPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment.length > 0)
    .map((segment) => segment.replace(/^:(\w+)$/, '{$1}'))
    .join('/');
  return `/${joined}`;
}

/** The readiness report of `GET /health/ready` (runHealthChecks). */
export const healthReportSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(
    z.string(),
    z.object({ status: z.enum(['ok', 'down']), error: z.string().optional(), ms: z.number() }),
  ),
}) satisfies z.ZodType<HealthReport>;

/**
 * The routes PlatformModule adds to every app (HealthController), as OpenAPI paths; the
 * HealthReport schema must be in `components.schemas`.
 */
export function platformPaths(): Record<string, Record<string, unknown>> {
  const open = { security: [], tags: ['operations'] };
  return {
    '/health/live': {
      get: {
        ...open,
        operationId: 'healthLive',
        summary: 'The process is up (restart it only if this fails)',
        responses: {
          '200': {
            description: 'Up',
            content: {
              'application/json': { schema: jsonSchema(z.object({ status: z.literal('ok') })) },
            },
          },
        },
      },
    },
    '/health/ready': {
      get: {
        ...open,
        operationId: 'healthReady',
        summary: 'Kafka, Postgres and Redis answer and the consumer is in its group: send traffic',
        responses: {
          '200': {
            description: 'Ready',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/HealthReport' } },
            },
          },
          '503': {
            description: 'A dependency is down (the report says which)',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/HealthReport' } },
            },
          },
        },
      },
    },
    '/metrics': {
      get: {
        ...open,
        operationId: 'metrics',
        summary: 'Prometheus metrics',
        responses: {
          '200': {
            description: 'Text exposition format 0.0.4',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
  };
}

/**
 * One route of a large API as data: the builder below turns a list of these into OpenAPI
 * paths, adding the role's security, the auth problems, path parameters and the Problem refs,
 * so a document with dozens of routes stays one readable table.
 */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: `/v1/conversations/{id}`. */
  path: string;
  /** The least role (`@Roles`), or public. */
  role: 'agent' | 'supervisor' | 'admin' | 'public';
  tag: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Path parameters' descriptions (each `{name}` of the path is declared, described or not). */
  params?: Record<string, string>;
  /** Query parameters, from the zod object the controller validates the query with. */
  query?: z.ZodObject;
  /** The request body: a component schema name, and an example. */
  body?: { schema: string; example?: unknown };
  /** The success response: status, description and a component schema name (none for 204). */
  response: { status: number; description: string; schema?: string; example?: unknown };
  /** The route's own problems, by status (auth problems are added for non-public routes). */
  problems?: Record<number, ProblemCase>;
}

/** OpenAPI paths from route docs (see RouteDoc). */
export function routeOperations(
  routes: readonly RouteDoc[],
): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1]!,
      in: 'path',
      required: true,
      ...(route.params?.[match[1]!] ? { description: route.params[match[1]!] } : {}),
      schema: { type: 'string' },
    }));
    const queryParams = route.query
      ? Object.entries(route.query.shape).map(([name, schema]) => {
          const field = schema as z.ZodType;
          const json = jsonSchema(field);
          return {
            name,
            in: 'query',
            required: !field.safeParse(undefined).success,
            ...(typeof json.description === 'string' ? { description: json.description } : {}),
            schema: json,
          };
        })
      : [];
    const parameters = [...pathParams, ...queryParams];
    const { status, description, schema, example } = route.response;
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      ...(route.role === 'public' ? { security: [] } : requiresRole(route.role)),
      tags: [route.tag],
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: jsonContent(route.body.schema, route.body.example),
            },
          }
        : {}),
      responses: {
        [String(status)]: {
          description,
          ...(schema ? { content: jsonContent(schema, example) } : {}),
        },
        ...problemResponses(
          mergeProblems(route.problems ?? {}, route.role === 'public' ? {} : AUTH_PROBLEMS),
        ),
      },
    };
  }
  return paths;
}

/** Two sets of problem cases as one: a status both name keeps both descriptions and all codes. */
export function mergeProblems(
  first: Record<number, ProblemCase>,
  second: Record<number, ProblemCase>,
): Record<number, ProblemCase> {
  const merged: Record<number, ProblemCase> = { ...first };
  for (const [key, [description, ...codes]] of Object.entries(second)) {
    const existing = merged[Number(key)];
    if (!existing) {
      merged[Number(key)] = [description, ...codes];
      continue;
    }
    const [code, ...more] = [...existing.slice(1), ...codes];
    merged[Number(key)] = [`${existing[0]}; or ${description.toLowerCase()}`, code!, ...more];
  }
  return merged;
}
