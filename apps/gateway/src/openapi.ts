import { z } from 'zod';
import {
  createChannelSchema,
  genericWebhookSchema,
  outboundMessageSchema,
  surveyAnswerResultSchema,
  surveyAnswerSchema,
} from '@tandem/contracts';
import {
  jsonSchema,
  PLATFORM_SECURITY_SCHEMES,
  problemDetailsSchema,
  problemResponses,
} from '@tandem/platform';
import {
  agentTypingSchema,
  createSessionSchema,
  uploadAnswerSchema,
} from './webchat/webchat-payloads';

const webchatSession = z.object({
  sessionToken: z.string(),
  visitorId: z.string(),
  expiresAt: z.iso.datetime(),
});

const accepted = z.object({
  status: z.enum(['accepted', 'duplicate']),
  messageId: z.uuid(),
  conversationId: z.uuid().nullable(),
  surveyId: z
    .uuid()
    .optional()
    .describe(
      "Set when the message answered the customer's open survey: published as survey.answered, not as a message",
    ),
});

/** Examples an adapter author can copy; a unit test checks each against its schema. */
export const WEBHOOK_EXAMPLES = {
  text: {
    messageId: 'adapter-msg-1001',
    from: { id: 'visitor-42', name: 'Li Lei' },
    text: '我想查询订单的物流状态',
  },
  english: {
    messageId: 'adapter-msg-1002',
    from: { id: 'visitor-42' },
    text: 'When will my card arrive?',
  },
  requestHuman: {
    messageId: 'adapter-msg-1003',
    from: { id: 'visitor-42' },
    action: 'request_human',
  },
  verifiedUser: {
    messageId: 'adapter-msg-1004',
    from: { id: 'app-user-9', name: 'Li Lei', verifiedEmail: 'li.lei@example.com' },
    text: 'Where is my refund?',
  },
} as const;

export const CALLBACK_EXAMPLE = {
  replyId: '6f1c2d3e-1111-4a5b-8c9d-0e1f2a3b4c5d',
  conversationId: 'b82b71be-9664-4196-b93b-f92899faad63',
  to: { id: 'visitor-42' },
  from: { role: 'bot', name: 'Tandem' },
  text: '在 App 的“我的订单”中点开订单，即可看到实时物流状态和快递单号。',
  sentAt: '2026-11-22T10:00:01.000Z',
} as const;

const SURVEY_ID_EXAMPLE = '0b7e2c51-9d43-5a8e-a1f0-6c2d4e8b9a17';

/** The gateway's public HTTP API as OpenAPI 3.1, generated from the schemas the code validates with. */
export function gatewayOpenApi(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tandem gateway',
      version: '1',
      description:
        'Channel adapters post customer messages here and receive replies at their callback URL. ' +
        'Every request and callback is signed: `X-Tandem-Signature: t=<unix seconds>,v1=<hex>` where ' +
        '`v1 = HMAC-SHA256(channel secret, "<t>.<raw body>")`. A timestamp more than 300 s from now is refused.',
    },
    components: {
      schemas: {
        GenericMessage: jsonSchema(genericWebhookSchema),
        Accepted: jsonSchema(accepted),
        OutboundMessage: jsonSchema(outboundMessageSchema),
        SurveyAnswer: jsonSchema(surveyAnswerSchema),
        SurveyAnswerResult: jsonSchema(surveyAnswerResultSchema),
        CreateChannel: jsonSchema(createChannelSchema),
        WebchatSessionRequest: jsonSchema(createSessionSchema),
        WebchatSession: jsonSchema(webchatSession),
        WebchatUpload: jsonSchema(uploadAnswerSchema),
        Typing: jsonSchema(agentTypingSchema),
        Problem: jsonSchema(problemDetailsSchema),
      },
      parameters: {
        Signature: {
          name: 'X-Tandem-Signature',
          in: 'header',
          required: true,
          schema: { type: 'string', pattern: '^t=\\d+,v1=[0-9a-f]{64}$' },
          example: 't=1795336800,v1=3f6c…(64 hex digits)',
        },
      },
      securitySchemes: {
        ...PLATFORM_SECURITY_SCHEMES,
        webchatSession: {
          type: 'http',
          scheme: 'bearer',
          description: 'The visitor’s `sessionToken` from POST /v1/webchat/{channelId}/sessions',
        },
      },
    },
    paths: {
      '/v1/channels/{channelId}/messages': {
        post: {
          summary: 'A customer message from a generic channel adapter',
          description:
            'Answered 202 only once the message is stored in Kafka. Retrying the same `messageId` is safe: the answer says `duplicate` and nothing is stored twice.',
          parameters: [
            {
              name: 'channelId',
              in: 'path',
              required: true,
              schema: { type: 'string', format: 'uuid' },
            },
            { $ref: '#/components/parameters/Signature' },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/GenericMessage' },
                examples: Object.fromEntries(
                  Object.entries(WEBHOOK_EXAMPLES).map(([name, value]) => [name, { value }]),
                ),
              },
            },
          },
          responses: {
            '202': {
              description: 'Stored (or already stored)',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Accepted' } },
              },
            },
            ...problemResponses({
              400: [
                'Malformed JSON or an invalid message',
                'REQUEST.MALFORMED_JSON',
                'GATEWAY.INVALID_MESSAGE',
              ],
              401: ['Bad or stale signature', 'GATEWAY.BAD_SIGNATURE', 'GATEWAY.STALE_SIGNATURE'],
              403: ['The channel is disabled', 'GATEWAY.CHANNEL_DISABLED'],
              404: ['No such channel', 'GATEWAY.UNKNOWN_CHANNEL'],
              413: ['Body too large', 'REQUEST.TOO_LARGE'],
              415: ['Not application/json', 'GATEWAY.UNSUPPORTED_MEDIA_TYPE'],
              429: ['Rate limited; see Retry-After', 'GATEWAY.RATE_LIMITED'],
              503: ['Not stored; retry after Retry-After', 'GATEWAY.BROKER_UNAVAILABLE'],
            }),
          },
        },
      },
      '/v1/surveys/{surveyId}/answer': {
        post: {
          summary: "The customer's answer to a survey, from an adapter that shows a rating control",
          description:
            'The survey id comes with the question in the reply callback (`survey`). Signed like the ' +
            "channel's webhook, with the secret of the survey's channel. The first answer wins: a later " +
            'one is answered `duplicate` and ignored. Answers are taken for 24 hours after the question. ' +
            'Customers may also simply reply with a number (a normal message): see docs/channels.md.',
          parameters: [
            {
              name: 'surveyId',
              in: 'path',
              required: true,
              schema: { type: 'string', format: 'uuid' },
            },
            { $ref: '#/components/parameters/Signature' },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/SurveyAnswer' },
                example: {
                  surveyId: SURVEY_ID_EXAMPLE,
                  score: 5,
                  comment: '谢谢，很快就解决了',
                },
              },
            },
          },
          responses: {
            '202': {
              description: 'Stored (accepted), or ignored because the survey was answered already',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/SurveyAnswerResult' },
                },
              },
            },
            ...problemResponses({
              400: [
                'Malformed JSON, an invalid answer, or a score outside the survey scale',
                'REQUEST.MALFORMED_JSON',
                'GATEWAY.INVALID_SURVEY_ANSWER',
                'GATEWAY.SCORE_OUT_OF_RANGE',
              ],
              401: ['Bad or stale signature', 'GATEWAY.BAD_SIGNATURE', 'GATEWAY.STALE_SIGNATURE'],
              403: ['The channel is disabled', 'GATEWAY.CHANNEL_DISABLED'],
              404: ['No such survey', 'GATEWAY.SURVEY_NOT_FOUND'],
              409: ['Past the 24-hour answer window', 'GATEWAY.SURVEY_EXPIRED'],
              415: ['Not application/json', 'GATEWAY.UNSUPPORTED_MEDIA_TYPE'],
            }),
          },
        },
      },
      '/v1/webchat/{channelId}/sessions': {
        post: {
          summary: 'A web chat session for the browser widget (public)',
          description:
            'Then connect socket.io to namespace `/webchat` with `auth: { token: sessionToken }` (protocol in docs/channels.md). ' +
            'Send a previous `sessionToken` to keep the visitor id; `emailSignature` = hex HMAC-SHA256(channel secret, email), computed by the site backend, makes the e-mail verified.',
          parameters: [
            {
              name: 'channelId',
              in: 'path',
              required: true,
              schema: { type: 'string', format: 'uuid' },
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/WebchatSessionRequest' },
              },
            },
          },
          responses: {
            '201': {
              description: 'A signed session token',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/WebchatSession' } },
              },
            },
            ...problemResponses({
              400: ['Invalid body', 'REQUEST.INVALID_BODY'],
              401: [
                'Previous token refused, or a wrong e-mail signature',
                'WEBCHAT.INVALID_SESSION',
              ],
              403: ['Origin not allowed', 'WEBCHAT.ORIGIN_NOT_ALLOWED'],
              404: ['No such web chat channel', 'GATEWAY.UNKNOWN_CHANNEL'],
              429: ['Too many sessions from this address', 'GATEWAY.RATE_LIMITED'],
            }),
          },
        },
      },
      '/v1/webchat/{channelId}/uploads': {
        post: {
          summary: 'Upload a file for a web chat message (visitor)',
          description:
            'The body is the file itself; `Content-Type` is its type (image/* is an image, audio/* a voice message, anything else a file, each checked against the allowed types), ' +
            '`X-File-Name` its name, percent-encoded UTF-8. Then send `attachments: [{ uploadId }]` in a socket `message`. ' +
            'An upload is sent once; one never sent is deleted after WEBCHAT_UPLOAD_TTL_SECONDS.',
          security: [{ webchatSession: [] }],
          parameters: [
            {
              name: 'channelId',
              in: 'path',
              required: true,
              schema: { type: 'string', format: 'uuid' },
            },
            { name: 'X-File-Name', in: 'header', required: false, schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
          },
          responses: {
            '201': {
              description: 'Staged for the visitor’s next message',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/WebchatUpload' } },
              },
            },
            ...problemResponses({
              400: ['Empty body', 'WEBCHAT.EMPTY_UPLOAD'],
              401: ['No, expired or refused session token', 'WEBCHAT.INVALID_SESSION'],
              403: ['Origin not allowed', 'WEBCHAT.ORIGIN_NOT_ALLOWED'],
              404: ['No such web chat channel', 'GATEWAY.UNKNOWN_CHANNEL'],
              413: ['Over ATTACHMENT_MAX_BYTES', 'GATEWAY.ATTACHMENT_TOO_LARGE'],
              415: ['Type not allowed', 'GATEWAY.ATTACHMENT_TYPE_NOT_ALLOWED'],
              429: ['Too many uploads from this visitor', 'GATEWAY.RATE_LIMITED'],
              503: [
                'The store is unavailable; retry after Retry-After',
                'GATEWAY.ATTACHMENT_STORE_UNAVAILABLE',
              ],
            }),
          },
        },
      },
      '/v1/webchat/{channelId}/attachments/{id}': {
        get: {
          summary: 'Download an attachment of the visitor’s own history (visitor)',
          description:
            'The `id` of an attachment in a `history` line. Answered like GET /v1/attachments/{id}; 404 for any attachment not in this visitor’s history.',
          security: [{ webchatSession: [] }],
          parameters: [
            {
              name: 'channelId',
              in: 'path',
              required: true,
              schema: { type: 'string', format: 'uuid' },
            },
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            '200': {
              description: 'The bytes',
              content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
            },
            ...problemResponses({
              401: ['No, expired or refused session token', 'WEBCHAT.INVALID_SESSION'],
              404: ['Not this visitor’s attachment', 'GATEWAY.ATTACHMENT_NOT_FOUND'],
            }),
          },
        },
      },
      '/v1/conversations/{conversationId}/typing': {
        post: {
          summary: 'Show the web chat visitor that an agent is typing (agent)',
          security: [{ bearer: [] }, { apiKey: [] }],
          parameters: [
            {
              name: 'conversationId',
              in: 'path',
              required: true,
              schema: { type: 'string', format: 'uuid' },
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Typing' } } },
          },
          responses: {
            '204': { description: 'Sent to the visitor’s sockets' },
            ...problemResponses({
              404: ['No such conversation', 'GATEWAY.UNKNOWN_CONVERSATION'],
              409: ['Not a web chat conversation', 'WEBCHAT.TYPING_UNSUPPORTED'],
            }),
          },
        },
      },
      '/v1/channels': {
        post: {
          summary: 'Create a channel (admin)',
          security: [{ bearer: [] }, { apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/CreateChannel' } },
            },
          },
          responses: { '201': { description: 'Created; the secret is never returned' } },
        },
      },
      '/v1/attachments/{id}': {
        get: {
          summary: 'Download a customer attachment (agent; own tenant only)',
          description:
            'The id is the `id` of a stored attachment in `message.received`. Answers the bytes ' +
            'with the stored content type, `Content-Disposition: attachment` (file name in ' +
            "`filename*=UTF-8''…`) and `X-Content-Type-Options: nosniff`.",
          security: [{ bearer: [] }, { apiKey: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            '200': {
              description: 'The bytes',
              headers: {
                'Content-Disposition': {
                  schema: { type: 'string' },
                  example: `attachment; filename="invoice.pdf"; filename*=UTF-8''invoice.pdf`,
                },
              },
              content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
            },
            ...problemResponses({
              401: ['No credentials', 'AUTH.UNAUTHENTICATED'],
              404: ['No such attachment in your tenant', 'GATEWAY.ATTACHMENT_NOT_FOUND'],
            }),
          },
        },
      },
    },
    webhooks: {
      reply: {
        post: {
          summary: 'A reply, POSTed by the gateway to the channel callback URL',
          description:
            'Signed like inbound requests, with `Idempotency-Key: <replyId>`. Answer 2xx once handled; 5xx, 408, 429 or no answer within the timeout is retried with backoff, other 4xx is final.',
          requestBody: {
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/OutboundMessage' },
                example: CALLBACK_EXAMPLE,
              },
            },
          },
          responses: { '200': { description: 'Handled' } },
        },
      },
    },
  };
}
