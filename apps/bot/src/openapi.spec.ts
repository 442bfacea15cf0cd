import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@tandem/config';
import {
  analyzeRequestSchema,
  messageAnalysisSchema,
  playgroundRequestSchema,
} from '@tandem/contracts';
import { controllersOf, servedRoutes } from '@tandem/platform';
import { documentedOperations, expectedSecurity, openApiProblems } from '@tandem/testing';
import { analyzeMessage } from './analysis/analyze-message';
import { BotModule } from './bot.module';
import { botEnvSchema } from './config';
import { ANALYZE_EXAMPLE, botOpenApi, PERSONA_EXAMPLE, PLAYGROUND_EXAMPLE } from './openapi';
import { personaSchema } from './persona/persona';

type Operation = {
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { examples?: object }> }>;
};
type Paths = Record<string, Record<string, Operation>>;

describe('the bot OpenAPI document', () => {
  const document = botOpenApi();
  const paths = document.paths as Paths;
  const config = loadConfig(botEnvSchema, {
    KAFKA_BROKERS: '127.0.0.1:9092',
    DATABASE_URL: 'postgres://tandem:tandem@127.0.0.1:5432/tandem',
    REDIS_URL: 'redis://127.0.0.1:6379',
    JWT_SECRET: 'a-secret-only-read-to-build-the-module-tree',
  });
  const routes = servedRoutes(controllersOf(BotModule.register(config)));

  it('finds the routes the bot serves, /v1/analyze and health among them', () => {
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining([
        'post /v1/analyze',
        'post /v1/playground',
        'get /v1/persona',
        'put /v1/persona',
        'get /v1/usage/model',
        'get /health/live',
        'get /health/ready',
        'get /metrics',
        'get /openapi.json',
      ]),
    );
  });

  it('documents every route the bot serves, and nothing else', () => {
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

  it('is structurally sound OpenAPI 3.1', () => {
    expect(openApiProblems(document)).toEqual([]);
  });

  it('the structural check finds a broken document', () => {
    const broken = structuredClone(document) as { paths: Paths };
    broken.paths['/v1/things/{id}'] = {
      get: { security: [{ nobody: [] }], responses: { '2000': {} } },
    } as unknown as Record<string, Operation>;
    (broken.paths['/v1/analyze']!.post as unknown as { requestBody: unknown }).requestBody = {
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Nothing' } } },
    };
    expect(openApiProblems(broken as unknown as Record<string, unknown>)).toEqual([
      'GET /v1/things/{id}: path parameter id not declared',
      'GET /v1/things/{id}: 2000 is not a status',
      'GET /v1/things/{id} 2000: a response needs a description',
      'GET /v1/things/{id}: unknown security scheme nobody',
      '#/paths/~1v1~1analyze/post/requestBody/content/application~1json/schema: $ref #/components/schemas/Nothing does not resolve',
    ]);
  });

  it.each([
    ['analyze', analyzeRequestSchema, ANALYZE_EXAMPLE],
    ['playground', playgroundRequestSchema, PLAYGROUND_EXAMPLE],
    ['persona', personaSchema, PERSONA_EXAMPLE],
  ] as const)('the %s request example is valid', (_name, schema, example) => {
    expect(schema.safeParse(example).success).toBe(true);
  });

  it('the analysis example is what analyzeMessage answers, and a valid analysis', () => {
    const example = analyzeMessage(ANALYZE_EXAMPLE.text);
    expect(messageAnalysisSchema.parse(example)).toEqual(example);
    expect(example).toMatchObject({ humanRequested: true, sentiment: { polarity: 'negative' } });
  });

  it('docs/openapi/bot.json is current (regenerate with node dist/scripts/openapi.js)', () => {
    const file = join(__dirname, '..', '..', '..', 'docs', 'openapi', 'bot.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(document);
  });
});
