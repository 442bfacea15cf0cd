import {
  AUTH_PROBLEMS,
  healthReportSchema,
  invalidBodyProblem,
  jsonContent,
  jsonSchema,
  requiresRole,
  platformPaths,
  PLATFORM_SECURITY_SCHEMES,
  problemDetailsSchema,
  problemResponses,
  type ProblemCase,
} from '@tandem/platform';
import { z } from 'zod';
import { policyDocumentSchema, type PolicyDocumentInput } from './escalation/policy';
import { versionParamSchema } from './policies/policy.controller';
import {
  defaultView,
  policyVersionSummarySchema,
  policyVersionViewSchema,
} from './policies/policy.service';
import { replaySummarySchema, replayJobViewSchema } from './replay/replay-jobs.service';
import { replayRequestSchema } from './replay/replay.controller';

/**
 * A candidate policy a tenant might try: legal questions to people at once, gold customers
 * counted as VIPs, a little quicker on anger and long conversations. A unit test checks it.
 */
export const POLICY_EXAMPLE = {
  queue: 'general',
  negativeSentiment: { intensity: 0.7, emotionScore: 0.75 },
  turns: { max: 6 },
  noAgentOnline: 'callback',
  vip: { tiers: ['vip', 'gold'], queue: 'priority' },
  topics: [
    { intents: ['legal'], immediate: true, priority: 'urgent', queue: 'legal', skills: ['legal'] },
    { intents: ['billing', 'refund'], priority: 'high', skills: ['billing'] },
  ],
} as const satisfies PolicyDocumentInput;

/** Replay requests: the candidate above, a stored version, or the current policy. */
export const REPLAY_EXAMPLES = {
  candidate: { summary: 'A candidate document', value: { policy: POLICY_EXAMPLE } },
  version: { summary: 'A stored version', value: { version: 3 } },
  current: { summary: 'The policy decisions apply now', value: {} },
} as const;

const VERSION_NOT_FOUND: ProblemCase = [
  'The tenant has no such policy version',
  'ROUTER.POLICY_VERSION_NOT_FOUND',
];

/** The router's HTTP API as OpenAPI 3.1, generated from the schemas its controllers validate with. */
export function routerOpenApi(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tandem router',
      version: '1',
      description:
        'When a conversation goes from the bot to people: the tenant’s escalation policy, ' +
        'versioned, and replays of a candidate policy over past conversations. Every `/v1` ' +
        'route needs a Bearer access token or an `X-Api-Key`, scoped to a tenant, and the least ' +
        'role named in its security requirement (agent < supervisor < admin). Errors are ' +
        'RFC 9457 problem+json with a stable `code`.',
    },
    tags: [
      { name: 'policies', description: 'The escalation policy and its versions' },
      { name: 'replays', description: 'A candidate policy against the log' },
      { name: 'operations', description: 'Health, metrics and this document' },
    ],
    components: {
      schemas: {
        PolicyInput: jsonSchema(policyDocumentSchema),
        PolicyVersion: jsonSchema(policyVersionViewSchema, 'output'),
        PolicyVersions: jsonSchema(
          z.object({ versions: z.array(policyVersionSummarySchema) }),
          'output',
        ),
        ReplayRequest: jsonSchema(replayRequestSchema),
        ReplayJob: jsonSchema(replayJobViewSchema, 'output'),
        Replays: jsonSchema(z.object({ replays: z.array(replaySummarySchema) }), 'output'),
        HealthReport: jsonSchema(healthReportSchema, 'output'),
        Problem: jsonSchema(problemDetailsSchema, 'output'),
      },
      securitySchemes: PLATFORM_SECURITY_SCHEMES,
    },
    paths: {
      '/v1/policies/current': {
        get: {
          ...requiresRole('supervisor'),
          tags: ['policies'],
          operationId: 'currentPolicy',
          summary: 'The policy decisions apply now (supervisor)',
          description:
            'The built-in default (version 1, `isDefault`, no author) until the tenant publishes ' +
            'one. A published version applies at once on the instance that took it and within ' +
            '5 seconds on the others.',
          responses: {
            '200': {
              description: 'The current version',
              content: jsonContent('PolicyVersion', defaultView()),
            },
            ...problemResponses(AUTH_PROBLEMS),
          },
        },
      },
      '/v1/policies': {
        put: {
          ...requiresRole('admin'),
          tags: ['policies'],
          operationId: 'publishPolicy',
          summary: 'Publish a policy as the next version (admin)',
          description:
            'Every field is optional and takes its default when left out (`{}` is the default ' +
            'policy); unknown fields are refused, and an intent may be covered by one topic rule ' +
            'only. Versions are never changed; decisions record the version that made them.',
          requestBody: { required: true, content: jsonContent('PolicyInput', POLICY_EXAMPLE) },
          responses: {
            '200': { description: 'The new version', content: jsonContent('PolicyVersion') },
            ...problemResponses({
              400: invalidBodyProblem('ROUTER.INVALID_POLICY'),
              ...AUTH_PROBLEMS,
            }),
          },
        },
      },
      '/v1/policies/versions': {
        get: {
          ...requiresRole('supervisor'),
          tags: ['policies'],
          operationId: 'policyVersions',
          summary: 'Every version, newest first, ending with the default (supervisor)',
          responses: {
            '200': {
              description: 'The versions, without documents',
              content: jsonContent('PolicyVersions'),
            },
            ...problemResponses(AUTH_PROBLEMS),
          },
        },
      },
      '/v1/policies/versions/{version}': {
        get: {
          ...requiresRole('supervisor'),
          tags: ['policies'],
          operationId: 'policyVersion',
          summary: 'One version (supervisor)',
          parameters: [
            {
              name: 'version',
              in: 'path',
              required: true,
              description: '1 is the built-in default; a tenant’s own versions start at 2',
              schema: jsonSchema(versionParamSchema, 'output'),
            },
          ],
          responses: {
            '200': { description: 'The version', content: jsonContent('PolicyVersion') },
            ...problemResponses({
              400: ['Not a positive integer', 'ROUTER.INVALID_VERSION'],
              404: VERSION_NOT_FOUND,
              ...AUTH_PROBLEMS,
            }),
          },
        },
      },
      '/v1/replays': {
        post: {
          ...requiresRole('supervisor'),
          tags: ['replays'],
          operationId: 'requestReplay',
          summary: 'Replay a candidate policy over the tenant’s past conversations (supervisor)',
          description:
            'The candidate is the `policy` sent (validated like PUT /v1/policies; version 0 in ' +
            'the report), a stored `version`, or, with neither, the current policy. The router’s ' +
            'own fold and decision run over every conversation on the log up to where it ended ' +
            'when the replay began; nothing is published and nothing else is written. ' +
            'Asynchronous: the job is answered at once; poll GET /v1/replays/{id}.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/ReplayRequest' },
                examples: REPLAY_EXAMPLES,
              },
            },
          },
          responses: {
            '202': { description: 'The job, queued', content: jsonContent('ReplayJob') },
            ...problemResponses({
              400: invalidBodyProblem('ROUTER.INVALID_REPLAY'),
              404: VERSION_NOT_FOUND,
              ...AUTH_PROBLEMS,
            }),
          },
        },
        get: {
          ...requiresRole('supervisor'),
          tags: ['replays'],
          operationId: 'recentReplays',
          summary: 'The tenant’s last 20 replays, newest first, without reports (supervisor)',
          responses: {
            '200': { description: 'The replays', content: jsonContent('Replays') },
            ...problemResponses(AUTH_PROBLEMS),
          },
        },
      },
      '/v1/replays/{id}': {
        get: {
          ...requiresRole('supervisor'),
          tags: ['replays'],
          operationId: 'getReplay',
          summary: 'A replay: its progress and, when done, its report (supervisor)',
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: 'The `id` POST /v1/replays answered',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': { description: 'The job', content: jsonContent('ReplayJob') },
            ...problemResponses({
              404: ['No such replay in this tenant', 'ROUTER.REPLAY_NOT_FOUND'],
              ...AUTH_PROBLEMS,
            }),
          },
        },
      },
      ...platformPaths(),
      '/openapi.json': {
        get: {
          security: [],
          tags: ['operations'],
          operationId: 'openApi',
          summary: 'This document',
          responses: {
            '200': {
              description: 'OpenAPI 3.1',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
    },
  };
}
