import {
  analyzeRequestSchema,
  messageAnalysisSchema,
  modelUsageQuerySchema,
  modelUsageResponseSchema,
  playgroundRequestSchema,
  playgroundResponseSchema,
} from '@tandem/contracts';
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
} from '@tandem/platform';
import { analyzeMessage } from './analysis/analyze-message';
import { personaSchema } from './persona/persona';
import { topicsSchema } from './topics/topics';

/** Request examples; a unit test checks each against its schema. */
export const ANALYZE_EXAMPLE = { text: '太慢了，我要转人工！' } as const;
export const PLAYGROUND_EXAMPLE = {
  question: 'When will my card arrive?',
  channel: 'webchat',
  history: [{ role: 'customer', text: 'Hi' }],
} as const;
export const PERSONA_EXAMPLE = {
  name: 'Mia',
  tone: 'friendly',
  channelTones: { sms: 'concise', email: 'formal' },
  greeting: { en: 'Hi, I am Mia!', zh: '您好，我是小米！' },
  signOff: { en: 'Anything else?' },
  neverSay: ['PIN'],
} as const;

const INVALID_BODY = invalidBodyProblem();

/** The bot's HTTP API as OpenAPI 3.1, generated from the schemas its controllers validate with. */
export function botOpenApi(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tandem bot',
      version: '1',
      description:
        'Try the bot out and tune it: what it would answer, what it reads in a message, its ' +
        'persona and what its model spent. Every `/v1` route needs a Bearer access token or an ' +
        '`X-Api-Key`, scoped to a tenant, and the least role named in its security requirement ' +
        '(agent < supervisor < admin). Errors are RFC 9457 problem+json with a stable `code`.',
    },
    tags: [
      { name: 'bot', description: 'Answers, analysis and persona' },
      { name: 'usage', description: 'What the model spent' },
      { name: 'operations', description: 'Health, metrics and this document' },
    ],
    components: {
      schemas: {
        PlaygroundRequest: jsonSchema(playgroundRequestSchema),
        PlaygroundResponse: jsonSchema(playgroundResponseSchema, 'output'),
        AnalyzeRequest: jsonSchema(analyzeRequestSchema),
        Analysis: jsonSchema(messageAnalysisSchema, 'output'),
        PersonaInput: jsonSchema(personaSchema),
        Persona: jsonSchema(personaSchema, 'output'),
        TopicsInput: jsonSchema(topicsSchema),
        Topics: jsonSchema(topicsSchema, 'output'),
        ModelUsage: jsonSchema(modelUsageResponseSchema, 'output'),
        HealthReport: jsonSchema(healthReportSchema, 'output'),
        Problem: jsonSchema(problemDetailsSchema, 'output'),
      },
      securitySchemes: PLATFORM_SECURITY_SCHEMES,
    },
    paths: {
      '/v1/playground': {
        post: {
          ...requiresRole('supervisor'),
          tags: ['bot'],
          operationId: 'playground',
          summary: 'What the bot would answer, or why it would defer (supervisor)',
          description:
            'The same responder as for a customer message in bot mode on `channel` with the given ' +
            '`history`. No conversation, no answer log, no event; only the tokens the model spent ' +
            'are counted (GET /v1/usage/model).',
          requestBody: {
            required: true,
            content: jsonContent('PlaygroundRequest', PLAYGROUND_EXAMPLE),
          },
          responses: {
            '200': { description: 'The decision', content: jsonContent('PlaygroundResponse') },
            ...problemResponses({ 400: INVALID_BODY, ...AUTH_PROBLEMS }),
          },
        },
      },
      '/v1/analyze': {
        post: {
          ...requiresRole('supervisor'),
          tags: ['bot'],
          operationId: 'analyze',
          summary: 'What the bot reads in a text (supervisor)',
          description:
            'Exactly the analysis `message.analyzed` carries for a customer message with this text: ' +
            'language, sentiment, service emotions, an explicit request for a person, the intent. ' +
            'No conversation, no event, nothing stored.',
          requestBody: { required: true, content: jsonContent('AnalyzeRequest', ANALYZE_EXAMPLE) },
          responses: {
            '200': {
              description: 'The analysis',
              content: jsonContent('Analysis', analyzeMessage(ANALYZE_EXAMPLE.text)),
            },
            ...problemResponses({ 400: INVALID_BODY, ...AUTH_PROBLEMS }),
          },
        },
      },
      '/v1/persona': {
        get: {
          ...requiresRole('agent'),
          tags: ['bot'],
          operationId: 'getPersona',
          summary: 'The tenant’s bot persona (agent)',
          responses: {
            '200': {
              description: 'The persona (defaults when none was set)',
              content: jsonContent('Persona'),
            },
            ...problemResponses(AUTH_PROBLEMS),
          },
        },
        put: {
          ...requiresRole('supervisor'),
          tags: ['bot'],
          operationId: 'replacePersona',
          summary: 'Replace the persona; the next answer speaks with it (supervisor)',
          description:
            'Omitted fields take their defaults. A greeting or sign-off containing a `neverSay` word is refused.',
          requestBody: { required: true, content: jsonContent('PersonaInput', PERSONA_EXAMPLE) },
          responses: {
            '200': { description: 'The saved persona', content: jsonContent('Persona') },
            ...problemResponses({ 400: INVALID_BODY, ...AUTH_PROBLEMS }),
          },
        },
      },
      '/v1/topics': {
        get: {
          ...requiresRole('agent'),
          tags: ['bot'],
          operationId: 'getTopics',
          summary: 'The tenant’s topics, reported as the analysis’s intent (agent)',
          responses: {
            '200': { description: 'The topics (none until set)', content: jsonContent('Topics') },
            ...problemResponses(AUTH_PROBLEMS),
          },
        },
        put: {
          ...requiresRole('supervisor'),
          tags: ['bot'],
          operationId: 'replaceTopics',
          summary: 'Replace the topics; the next message is analysed with them (supervisor)',
          description:
            'Each topic has a name and the keywords that signal it (Chinese keywords match as substrings, others as whole stemmed words); the topic with the most keyword hits is the message’s `intent`, which the router’s topic rules act on. Names must be unique.',
          requestBody: {
            required: true,
            content: jsonContent('TopicsInput', {
              topics: [
                { name: 'legal', keywords: ['lawyer', 'sue', '律师', '起诉'] },
                { name: 'billing', keywords: ['invoice', 'charged twice', '发票', '扣款'] },
              ],
            }),
          },
          responses: {
            '200': { description: 'The saved topics', content: jsonContent('Topics') },
            ...problemResponses({ 400: INVALID_BODY, ...AUTH_PROBLEMS }),
          },
        },
      },
      '/v1/usage/model': {
        get: {
          ...requiresRole('supervisor'),
          tags: ['usage'],
          operationId: 'modelUsage',
          summary: 'Tokens the bot’s model spent, per UTC day and model (supervisor)',
          description:
            'Messages and playground questions; failed requests count with the tokens the endpoint reported.',
          parameters: Object.entries(modelUsageQuerySchema.shape).map(([name, schema]) => ({
            name,
            in: 'query',
            required: true,
            description: name === 'from' ? 'First day, included' : 'Last day, included',
            schema: jsonSchema(schema),
          })),
          responses: {
            '200': { description: 'Spend per day and model', content: jsonContent('ModelUsage') },
            ...problemResponses({
              400: [
                'A malformed date, `from` after `to`, or more than 366 days',
                'REQUEST.INVALID_QUERY',
                'BOT.INVALID_USAGE_RANGE',
              ],
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
