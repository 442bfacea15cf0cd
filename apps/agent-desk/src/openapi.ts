import {
  declineSchema,
  agentReplySchema,
  conversationWaitSchema,
  loginSchema,
  presenceSchema,
  resolveSchema,
} from '@tandem/contracts';
import {
  healthReportSchema,
  invalidBodyProblem,
  jsonSchema,
  mergeProblems,
  platformPaths,
  PLATFORM_SECURITY_SCHEMES,
  problemDetailsSchema,
  routeOperations,
  type ProblemCase,
  type RouteDoc,
} from '@tandem/platform';
import { z } from 'zod';
import { agentCreateSchema, agentUpdateSchema, passwordResetSchema } from './agents/agent-schemas';
import { agentListSchema, agentViewSchema } from './agents/agent-view';
import { apiKeyCreatedSchema, createKeySchema } from './api-keys/api-keys.controller';
import {
  offerAcceptedSchema,
  offerDeclinedSchema,
  offerListSchema,
} from './assignment/offers.controller';
import { refreshSchema } from './auth/auth.controller';
import { sessionSchema } from './auth/auth.service';
import {
  cannedResponseBodySchema,
  cannedResponseListSchema,
  cannedResponseQuerySchema,
  cannedResponseViewSchema,
  renderedResponseSchema,
  renderQuerySchema,
} from './canned-responses/canned-response.schemas';
import {
  conversationListQuerySchema,
  conversationListSchema,
  conversationViewSchema,
  customerEditSchema,
  customerProfileSchema,
  replyAcceptedSchema,
  resolvedSchema,
} from './conversations/conversation.schemas';
import { kpiQuerySchema, kpiResponseSchema } from './kpi/kpi.schemas';
import { createNoteSchema, noteListSchema, noteViewSchema } from './notes/note.schemas';
import { queueBodySchema, queueListSchema, queueViewSchema } from './queues/queue-schemas';
import { DESK_NAMESPACE, DESK_SOCKET_EVENTS, socketErrorSchema } from './realtime/socket-events';
import {
  reviewItemSchema,
  reviewListQuerySchema,
  reviewListSchema,
  reviewVerdictSchema,
} from './review/review.schemas';
import {
  agentScheduleSchema,
  agentScheduleViewSchema,
  coverageQuerySchema,
  coverageSchema,
  myScheduleViewSchema,
} from './schedules/agent-schedule';
import { deskSettingsSchema } from './settings/desk-settings';
import {
  agentCsatQuerySchema,
  agentCsatSchema,
  surveyListSchema,
  surveysQuerySchema,
  surveyViewSchema,
} from './surveys/survey-schemas';
import { teamBodySchema, teamListSchema, teamViewSchema } from './teams/team-schemas';
import {
  transferResultSchema,
  transferSchema,
  transferTargetsSchema,
} from './transfers/transfer.schemas';
import { usageQuerySchema, usageResponseSchema } from './usage/usage.schemas';
import {
  createWrapUpCodeSchema,
  updateWrapUpCodeSchema,
  wrapUpCodeListSchema,
  wrapUpCodeViewSchema,
} from './wrap-up/wrap-up.schemas';

/**
 * The agent desk's API as OpenAPI 3.1: every HTTP route as one row of a table (RouteDoc),
 * and the socket.io namespace as an `x-socket-events` extension, all from the zod schemas
 * the controllers and the socket server validate and answer with. openapi.spec.ts checks
 * that every served route and every socket event is here.
 */

/** Request bodies (what clients send: defaults make fields optional). */
export const DESK_REQUEST_SCHEMAS: Record<string, z.ZodType> = {
  Login: loginSchema,
  Refresh: refreshSchema,
  Presence: presenceSchema,
  AgentCreate: agentCreateSchema,
  AgentUpdate: agentUpdateSchema,
  PasswordReset: passwordResetSchema,
  Decline: declineSchema,
  Reply: agentReplySchema,
  Resolve: resolveSchema,
  CustomerEdit: customerEditSchema,
  NoteCreate: createNoteSchema,
  Transfer: transferSchema,
  CannedResponseInput: cannedResponseBodySchema,
  WrapUpCodeCreate: createWrapUpCodeSchema,
  WrapUpCodeUpdate: updateWrapUpCodeSchema,
  SettingsInput: deskSettingsSchema,
  ScheduleInput: agentScheduleSchema,
  ReviewVerdict: reviewVerdictSchema,
  TeamInput: teamBodySchema,
  QueueInput: queueBodySchema,
  ApiKeyCreate: createKeySchema,
};

/** Response bodies (what the desk answers). */
export const DESK_RESPONSE_SCHEMAS: Record<string, z.ZodType> = {
  Session: sessionSchema,
  ConsoleSettings: z.object({
    knowledgeUrl: z.url(),
    routerUrl: z.url(),
    botUrl: z.url(),
    gatewayUrl: z.url(),
  }),
  Agent: agentViewSchema,
  Agents: agentListSchema,
  Offers: offerListSchema,
  OfferAccepted: offerAcceptedSchema,
  OfferDeclined: offerDeclinedSchema,
  Conversations: conversationListSchema,
  Conversation: conversationViewSchema,
  ReplyAccepted: replyAcceptedSchema,
  Resolved: resolvedSchema,
  CustomerProfile: customerProfileSchema,
  ConversationWait: conversationWaitSchema,
  Note: noteViewSchema,
  Notes: noteListSchema,
  TransferResult: transferResultSchema,
  TransferTargets: transferTargetsSchema,
  CannedResponse: cannedResponseViewSchema,
  CannedResponses: cannedResponseListSchema,
  RenderedResponse: renderedResponseSchema,
  WrapUpCode: wrapUpCodeViewSchema,
  WrapUpCodes: wrapUpCodeListSchema,
  Settings: deskSettingsSchema,
  Schedule: agentScheduleViewSchema,
  MySchedule: myScheduleViewSchema,
  Coverage: coverageSchema,
  Review: reviewItemSchema,
  Reviews: reviewListSchema,
  Kpis: kpiResponseSchema,
  Usage: usageResponseSchema,
  Survey: surveyViewSchema,
  AgentCsat: agentCsatSchema,
  Surveys: surveyListSchema,
  Team: teamViewSchema,
  Teams: teamListSchema,
  Queue: queueViewSchema,
  Queues: queueListSchema,
  ApiKeyCreated: apiKeyCreatedSchema,
  HealthReport: healthReportSchema,
  Problem: problemDetailsSchema,
  SocketError: socketErrorSchema,
};

// Problem cases the routes share.
const body = (code?: string): Record<number, ProblemCase> => ({ 400: invalidBodyProblem(code) });
const query = (...codes: [string, ...string[]]): Record<number, ProblemCase> => ({
  400: ['The query is not the schema (`errors` lists each issue)', ...codes],
});
const notFound = (what: string, code: string): Record<number, ProblemCase> => ({
  404: [what, code],
});
const conflict = (what: string, ...codes: [string, ...string[]]): Record<number, ProblemCase> => ({
  409: [what, ...codes],
});
/** Several problem sets as one (codes of a shared status are kept together). */
const all = (...cases: Record<number, ProblemCase>[]): Record<number, ProblemCase> =>
  cases.reduce((merged, next) => mergeProblems(merged, next), {});

const CONVERSATION_NOT_FOUND = notFound(
  'No such conversation of the tenant, or (an agent) not theirs',
  'DESK.CONVERSATION_NOT_FOUND',
);
const AGENT_NOT_FOUND = notFound('No such agent in the tenant', 'DESK.AGENT_NOT_FOUND');
const TEAM_NOT_FOUND = notFound('No such team in the tenant', 'DESK.TEAM_NOT_FOUND');
/** GET /v1/agents/me and the routes that start with it: the caller must be a seat. */
const MUST_BE_AN_AGENT: Record<number, ProblemCase> = {
  403: [
    'The token is not an agent of the tenant, or the agent is deactivated',
    'DESK.NOT_AN_AGENT',
    'AUTH.ACCOUNT_DISABLED',
  ],
};
const BUSY_STATE: Record<number, ProblemCase> = {
  400: [
    'busy without one of the tenant’s busy states, or one with another',
    'DESK.INVALID_BUSY_STATE',
  ],
};
const CONVERSATION_NOT_ACTIVE = conflict(
  'The conversation is not assigned (any more)',
  'DESK.CONVERSATION_NOT_ACTIVE',
);

const ID = { id: 'The id' };
const CONVERSATION_ID = { id: 'The conversation' };
const AGENT_ID = { id: 'The agent' };

/** One row per HTTP route the desk serves (platform routes excepted). */
export const DESK_ROUTES: readonly RouteDoc[] = [
  // auth
  {
    method: 'post',
    path: '/v1/auth/login',
    role: 'public',
    tag: 'auth',
    operationId: 'login',
    summary: 'Log in with tenant, e-mail and password',
    description:
      'The same 401 for an unknown e-mail and a wrong password. The access token goes into ' +
      '`Authorization: Bearer` and the socket handshake; the refresh token renews the session.',
    body: { schema: 'Login', example: { tenant: 'acme', email: 'ana@acme.test', password: '…' } },
    response: { status: 200, description: 'A session', schema: 'Session' },
    problems: {
      ...body(),
      401: ['Tenant, e-mail or password is wrong', 'AUTH.INVALID_CREDENTIALS'],
      403: ['The account is deactivated', 'AUTH.ACCOUNT_DISABLED'],
    },
  },
  {
    method: 'post',
    path: '/v1/auth/refresh',
    role: 'public',
    tag: 'auth',
    operationId: 'refresh',
    summary: 'A new session for a refresh token',
    body: { schema: 'Refresh' },
    response: { status: 200, description: 'A new session', schema: 'Session' },
    problems: {
      ...body(),
      401: ['The refresh token is refused, or its account is gone', 'AUTH.INVALID_TOKEN'],
      403: ['The account is deactivated', 'AUTH.ACCOUNT_DISABLED'],
    },
  },
  // agents
  {
    method: 'get',
    path: '/v1/agents/me',
    role: 'agent',
    tag: 'agents',
    operationId: 'me',
    summary: 'The calling agent',
    response: { status: 200, description: 'The agent', schema: 'Agent' },
    problems: MUST_BE_AN_AGENT,
  },
  {
    method: 'put',
    path: '/v1/agents/me/presence',
    role: 'agent',
    tag: 'agents',
    operationId: 'setMyPresence',
    summary: 'Set one’s own presence',
    description:
      'Going online makes the agent eligible for offers at once; leaving returns pending offers ' +
      'to the queue. Busy needs one of the tenant’s `busyStates` (GET /v1/settings).',
    body: { schema: 'Presence', example: { status: 'busy', busyState: 'lunch' } },
    response: { status: 200, description: 'The agent', schema: 'Agent' },
    problems: all(body('DESK.INVALID_PRESENCE'), BUSY_STATE, MUST_BE_AN_AGENT),
  },
  {
    method: 'get',
    path: '/v1/agents',
    role: 'supervisor',
    tag: 'agents',
    operationId: 'listAgents',
    summary: 'Every agent of the tenant with presence and load',
    response: { status: 200, description: 'The agents', schema: 'Agents' },
  },
  {
    method: 'put',
    path: '/v1/agents/{id}/presence',
    role: 'supervisor',
    tag: 'agents',
    operationId: 'setAgentPresence',
    summary: 'Set an agent’s presence',
    params: AGENT_ID,
    body: { schema: 'Presence', example: { status: 'away' } },
    response: { status: 200, description: 'The agent', schema: 'Agent' },
    problems: all(
      body('DESK.INVALID_PRESENCE'),
      BUSY_STATE,
      AGENT_NOT_FOUND,
      conflict('The agent is deactivated', 'DESK.AGENT_INACTIVE'),
    ),
  },
  {
    method: 'post',
    path: '/v1/agents',
    role: 'admin',
    tag: 'agents',
    operationId: 'createAgent',
    summary: 'Create an agent (a seat)',
    body: {
      schema: 'AgentCreate',
      example: {
        email: 'li@acme.test',
        name: 'Li',
        password: 'a-long-password',
        skills: { billing: 3 },
        languages: ['zh', 'en'],
      },
    },
    response: { status: 201, description: 'The new agent', schema: 'Agent' },
    problems: all(
      body('DESK.INVALID_AGENT'),
      TEAM_NOT_FOUND,
      conflict('An agent has this e-mail already', 'DESK.AGENT_EXISTS'),
    ),
  },
  {
    method: 'patch',
    path: '/v1/agents/{id}',
    role: 'admin',
    tag: 'agents',
    operationId: 'updateAgent',
    summary: 'Change an agent’s role, team, skills, languages or capacity',
    description: 'The fields given replace the agent’s; the next dispatch uses them.',
    params: AGENT_ID,
    body: { schema: 'AgentUpdate', example: { skills: { billing: 4, refunds: 2 } } },
    response: { status: 200, description: 'The agent', schema: 'Agent' },
    problems: all(body('DESK.INVALID_AGENT'), AGENT_NOT_FOUND, TEAM_NOT_FOUND),
  },
  {
    method: 'post',
    path: '/v1/agents/{id}/password',
    role: 'admin',
    tag: 'agents',
    operationId: 'resetPassword',
    summary: 'Set an agent’s password',
    params: AGENT_ID,
    body: { schema: 'PasswordReset' },
    response: { status: 204, description: 'Set' },
    problems: all(body('DESK.INVALID_PASSWORD'), AGENT_NOT_FOUND),
  },
  {
    method: 'post',
    path: '/v1/agents/{id}/deactivate',
    role: 'admin',
    tag: 'agents',
    operationId: 'deactivateAgent',
    summary: 'Deactivate an agent',
    description:
      'They cannot log in, refresh or get work: offline, pending offers back to the queue. ' +
      'Conversations already assigned stay with them until a supervisor reassigns.',
    params: AGENT_ID,
    response: { status: 200, description: 'The agent', schema: 'Agent' },
    problems: all(
      AGENT_NOT_FOUND,
      conflict('An admin cannot deactivate themselves', 'DESK.CANNOT_DEACTIVATE_SELF'),
    ),
  },
  {
    method: 'post',
    path: '/v1/agents/{id}/activate',
    role: 'admin',
    tag: 'agents',
    operationId: 'activateAgent',
    summary: 'Activate an agent again',
    params: AGENT_ID,
    response: { status: 200, description: 'The agent', schema: 'Agent' },
    problems: AGENT_NOT_FOUND,
  },
  // offers
  {
    method: 'get',
    path: '/v1/offers',
    role: 'agent',
    tag: 'offers',
    operationId: 'pendingOffers',
    summary: 'The agent’s pending offers, oldest first',
    description: 'The `offer` socket event pushes each one as it is made.',
    response: { status: 200, description: 'The offers', schema: 'Offers' },
  },
  {
    method: 'post',
    path: '/v1/offers/{id}/accept',
    role: 'agent',
    tag: 'offers',
    operationId: 'acceptOffer',
    summary: 'Accept an offer: the conversation is the agent’s',
    params: { id: 'The offer' },
    response: { status: 200, description: 'Assigned', schema: 'OfferAccepted' },
    problems: all(
      notFound('No such offer for the agent', 'DESK.OFFER_NOT_FOUND'),
      conflict(
        'The offer was declined, taken or has expired',
        'DESK.OFFER_NOT_PENDING',
        'DESK.OFFER_EXPIRED',
      ),
    ),
  },
  {
    method: 'post',
    path: '/v1/offers/{id}/decline',
    role: 'agent',
    tag: 'offers',
    operationId: 'declineOffer',
    summary: 'Decline an offer: the conversation goes to the next agent',
    params: { id: 'The offer' },
    body: { schema: 'Decline', example: { reason: 'Not my language' } },
    response: { status: 200, description: 'Declined', schema: 'OfferDeclined' },
    problems: all(
      body(),
      notFound('No such offer for the agent', 'DESK.OFFER_NOT_FOUND'),
      conflict('The offer is no longer pending', 'DESK.OFFER_NOT_PENDING'),
    ),
  },
  // conversations
  {
    method: 'get',
    path: '/v1/conversations',
    role: 'agent',
    tag: 'conversations',
    operationId: 'listConversations',
    summary: 'Conversations: an agent’s own; a supervisor monitors the tenant',
    query: conversationListQuerySchema,
    response: { status: 200, description: 'A page, newest first', schema: 'Conversations' },
    problems: query('DESK.INVALID_QUERY', 'DESK.INVALID_CURSOR'),
  },
  {
    method: 'get',
    path: '/v1/conversations/{id}',
    role: 'agent',
    tag: 'conversations',
    operationId: 'viewConversation',
    summary: 'A conversation: handoff, messages, delivery, assist suggestions',
    params: CONVERSATION_ID,
    response: { status: 200, description: 'The conversation', schema: 'Conversation' },
    problems: CONVERSATION_NOT_FOUND,
  },
  {
    method: 'post',
    path: '/v1/conversations/{id}/messages',
    role: 'agent',
    tag: 'conversations',
    operationId: 'reply',
    summary: 'Reply to the customer (the assigned agent)',
    description: 'Delivered by the gateway; the `delivery` socket event says whether it arrived.',
    params: CONVERSATION_ID,
    body: { schema: 'Reply', example: { text: 'I have refunded the order.' } },
    response: { status: 202, description: 'On its way', schema: 'ReplyAccepted' },
    problems: all(body(), CONVERSATION_NOT_FOUND, CONVERSATION_NOT_ACTIVE),
  },
  {
    method: 'post',
    path: '/v1/conversations/{id}/resolve',
    role: 'agent',
    tag: 'conversations',
    operationId: 'resolve',
    summary: 'Resolve with a wrap-up code (the assigned agent)',
    description:
      'The note and the agent’s messages feed the knowledge service; a survey may follow ' +
      '(settings.surveys). A code may require a note (GET /v1/wrap-up-codes).',
    params: CONVERSATION_ID,
    body: { schema: 'Resolve', example: { wrapUpCode: 'refund', note: 'Refunded in full' } },
    response: { status: 200, description: 'Resolved', schema: 'Resolved' },
    problems: all(
      body(),
      {
        400: [
          'The wrap-up code is unknown or retired, or needs a note',
          'DESK.UNKNOWN_WRAP_UP_CODE',
          'DESK.WRAP_UP_CODE_INACTIVE',
          'DESK.RESOLUTION_NOTE_REQUIRED',
        ],
      },
      CONVERSATION_NOT_FOUND,
      CONVERSATION_NOT_ACTIVE,
    ),
  },
  {
    method: 'patch',
    path: '/v1/conversations/{id}/customer',
    role: 'agent',
    tag: 'conversations',
    operationId: 'editCustomer',
    summary: 'Correct the customer’s attributes or name (assigned agent or supervisor)',
    description: 'Written to the gateway’s customer; null removes an attribute.',
    params: CONVERSATION_ID,
    body: { schema: 'CustomerEdit', example: { attributes: { plan: 'pro', oldKey: null } } },
    response: { status: 200, description: 'The customer', schema: 'CustomerProfile' },
    problems: all(
      body('DESK.INVALID_CUSTOMER_EDIT'),
      CONVERSATION_NOT_FOUND,
      notFound('The gateway has no such customer', 'DESK.CUSTOMER_NOT_FOUND'),
      conflict('An agent edits only while assigned', 'DESK.NOT_ASSIGNED_TO_YOU'),
      { 502: ['The gateway did not take the edit; retry', 'DESK.GATEWAY_UNAVAILABLE'] },
    ),
  },
  {
    method: 'get',
    path: '/v1/conversations/{id}/wait',
    role: 'supervisor',
    tag: 'conversations',
    operationId: 'conversationWait',
    summary: 'Where a waiting conversation stands (supervisors; the bot with a service token)',
    description:
      '`position` 1 = next, in the order offers go out; `estimatedWaitSeconds` = 1800 / (the ' +
      'queue’s assignments in the last 30 minutes) × position, null when there were none or ' +
      'nobody online could take it.',
    params: CONVERSATION_ID,
    response: { status: 200, description: 'Position and estimate', schema: 'ConversationWait' },
    problems: CONVERSATION_NOT_FOUND,
  },
  {
    method: 'get',
    path: '/v1/conversations/{id}/survey',
    role: 'agent',
    tag: 'surveys',
    operationId: 'conversationSurvey',
    summary: 'The latest survey of a conversation (its agent, or a supervisor)',
    params: CONVERSATION_ID,
    response: { status: 200, description: 'The survey', schema: 'Survey' },
    problems: all(
      CONVERSATION_NOT_FOUND,
      notFound('No survey was requested for it', 'DESK.SURVEY_NOT_FOUND'),
    ),
  },
  // notes
  {
    method: 'post',
    path: '/v1/conversations/{id}/notes',
    role: 'agent',
    tag: 'notes',
    operationId: 'addNote',
    summary: 'Add an internal note (never sent to the customer)',
    params: CONVERSATION_ID,
    body: { schema: 'NoteCreate', example: { text: 'Customer prefers e-mail' } },
    response: { status: 201, description: 'The note', schema: 'Note' },
    problems: all(body('DESK.INVALID_NOTE'), CONVERSATION_NOT_FOUND),
  },
  {
    method: 'get',
    path: '/v1/conversations/{id}/notes',
    role: 'agent',
    tag: 'notes',
    operationId: 'listNotes',
    summary: 'The conversation’s notes, oldest first',
    params: CONVERSATION_ID,
    response: { status: 200, description: 'The notes', schema: 'Notes' },
    problems: CONVERSATION_NOT_FOUND,
  },
  // transfers
  ...(['transfer', 'reassign'] as const).map((kind): RouteDoc => ({
    method: 'post',
    path: `/v1/conversations/{id}/${kind}`,
    role: kind === 'transfer' ? 'agent' : 'supervisor',
    tag: 'transfers',
    operationId: kind === 'transfer' ? 'transfer' : 'reassign',
    summary:
      kind === 'transfer'
        ? 'Hand one’s assigned conversation to an agent or a queue'
        : 'Move any waiting or assigned conversation to an agent or a queue',
    description:
      'The conversation waits again and is offered anew; a named agent is preferred for ' +
      'settings.preferAgentSeconds.',
    params: CONVERSATION_ID,
    body: { schema: 'Transfer', example: { toQueue: 'billing', note: 'Needs a refund' } },
    response: { status: 200, description: 'Queued again', schema: 'TransferResult' },
    problems: all(
      body('DESK.INVALID_TRANSFER'),
      CONVERSATION_NOT_FOUND,
      conflict(
        kind === 'transfer'
          ? 'Not assigned to the caller, no target, unknown or same agent'
          : 'Closed, no target, unknown or same agent',
        kind === 'transfer' ? 'DESK.NOT_ASSIGNED_TO_YOU' : 'DESK.CONVERSATION_CLOSED',
        'DESK.TRANSFER_TARGET_MISSING',
        'DESK.TARGET_AGENT_UNKNOWN',
        'DESK.TRANSFER_TO_SAME_AGENT',
      ),
    ),
  })),
  {
    method: 'get',
    path: '/v1/transfer-targets',
    role: 'agent',
    tag: 'transfers',
    operationId: 'transferTargets',
    summary: 'The queues and colleagues a conversation can be handed to',
    description:
      'For the transfer dialog: every queue with how many wait in it and whether it is open, ' +
      'and the active colleagues with their presence and languages (not their load).',
    response: { status: 200, description: 'Queues and colleagues', schema: 'TransferTargets' },
  },
  // canned responses
  {
    method: 'get',
    path: '/v1/canned-responses',
    role: 'agent',
    tag: 'canned-responses',
    operationId: 'listCannedResponses',
    summary: 'The tenant’s canned responses',
    query: cannedResponseQuerySchema,
    response: { status: 200, description: 'The responses', schema: 'CannedResponses' },
    problems: query('DESK.INVALID_QUERY'),
  },
  {
    method: 'get',
    path: '/v1/canned-responses/{id}',
    role: 'agent',
    tag: 'canned-responses',
    operationId: 'cannedResponse',
    summary: 'One canned response',
    params: ID,
    response: { status: 200, description: 'The response', schema: 'CannedResponse' },
    problems: notFound('No such canned response', 'DESK.CANNED_RESPONSE_NOT_FOUND'),
  },
  {
    method: 'get',
    path: '/v1/canned-responses/{id}/render',
    role: 'agent',
    tag: 'canned-responses',
    operationId: 'renderCannedResponse',
    summary: 'A canned response filled in for a conversation',
    params: ID,
    query: renderQuerySchema,
    response: { status: 200, description: 'The text', schema: 'RenderedResponse' },
    problems: all(
      query('DESK.INVALID_QUERY'),
      notFound('No such canned response', 'DESK.CANNED_RESPONSE_NOT_FOUND'),
      CONVERSATION_NOT_FOUND,
    ),
  },
  {
    method: 'post',
    path: '/v1/canned-responses',
    role: 'supervisor',
    tag: 'canned-responses',
    operationId: 'createCannedResponse',
    summary: 'Create a canned response',
    body: { schema: 'CannedResponseInput' },
    response: { status: 201, description: 'The response', schema: 'CannedResponse' },
    problems: all(
      body('DESK.INVALID_CANNED_RESPONSE'),
      conflict('The shortcut is taken', 'DESK.CANNED_RESPONSE_EXISTS'),
    ),
  },
  {
    method: 'put',
    path: '/v1/canned-responses/{id}',
    role: 'supervisor',
    tag: 'canned-responses',
    operationId: 'updateCannedResponse',
    summary: 'Replace a canned response',
    params: ID,
    body: { schema: 'CannedResponseInput' },
    response: { status: 200, description: 'The response', schema: 'CannedResponse' },
    problems: all(
      body('DESK.INVALID_CANNED_RESPONSE'),
      notFound('No such canned response', 'DESK.CANNED_RESPONSE_NOT_FOUND'),
      conflict('The shortcut is taken', 'DESK.CANNED_RESPONSE_EXISTS'),
    ),
  },
  {
    method: 'delete',
    path: '/v1/canned-responses/{id}',
    role: 'supervisor',
    tag: 'canned-responses',
    operationId: 'deleteCannedResponse',
    summary: 'Delete a canned response',
    params: ID,
    response: { status: 204, description: 'Deleted' },
    problems: notFound('No such canned response', 'DESK.CANNED_RESPONSE_NOT_FOUND'),
  },
  // wrap-up codes
  {
    method: 'get',
    path: '/v1/wrap-up-codes',
    role: 'agent',
    tag: 'wrap-up-codes',
    operationId: 'listWrapUpCodes',
    summary: 'The tenant’s wrap-up codes, active and retired',
    response: { status: 200, description: 'The codes', schema: 'WrapUpCodes' },
  },
  {
    method: 'post',
    path: '/v1/wrap-up-codes',
    role: 'admin',
    tag: 'wrap-up-codes',
    operationId: 'createWrapUpCode',
    summary: 'Create a wrap-up code',
    body: { schema: 'WrapUpCodeCreate' },
    response: { status: 201, description: 'The code', schema: 'WrapUpCode' },
    problems: all(
      body('DESK.INVALID_WRAP_UP_CODE'),
      conflict('The code exists', 'DESK.WRAP_UP_CODE_EXISTS'),
    ),
  },
  {
    method: 'put',
    path: '/v1/wrap-up-codes/{code}',
    role: 'admin',
    tag: 'wrap-up-codes',
    operationId: 'updateWrapUpCode',
    summary: 'Change a wrap-up code (label, note required, active)',
    params: { code: 'The code' },
    body: { schema: 'WrapUpCodeUpdate' },
    response: { status: 200, description: 'The code', schema: 'WrapUpCode' },
    problems: all(
      body('DESK.INVALID_WRAP_UP_CODE'),
      notFound('No such code', 'DESK.WRAP_UP_CODE_NOT_FOUND'),
    ),
  },
  {
    method: 'delete',
    path: '/v1/wrap-up-codes/{code}',
    role: 'admin',
    tag: 'wrap-up-codes',
    operationId: 'deleteWrapUpCode',
    summary: 'Delete a wrap-up code',
    params: { code: 'The code' },
    response: { status: 204, description: 'Deleted' },
    problems: notFound('No such code', 'DESK.WRAP_UP_CODE_NOT_FOUND'),
  },
  // settings
  {
    method: 'get',
    path: '/v1/settings',
    role: 'agent',
    tag: 'settings',
    operationId: 'settings',
    summary: 'The tenant’s desk settings (defaults where unset)',
    response: { status: 200, description: 'The settings', schema: 'Settings' },
  },
  {
    method: 'put',
    path: '/v1/settings',
    role: 'admin',
    tag: 'settings',
    operationId: 'writeSettings',
    summary: 'Replace the settings; fields left out take their defaults',
    body: { schema: 'SettingsInput', example: { reopenWindowSeconds: 3600 } },
    response: { status: 200, description: 'The settings', schema: 'Settings' },
    problems: body('DESK.INVALID_SETTINGS'),
  },
  // schedules
  {
    method: 'get',
    path: '/v1/agents/me/schedule',
    role: 'agent',
    tag: 'schedules',
    operationId: 'mySchedule',
    summary: 'One’s own schedule and where one stands against it now',
    response: { status: 200, description: 'The schedule', schema: 'MySchedule' },
    problems: notFound('The agent has no schedule', 'DESK.SCHEDULE_NOT_FOUND'),
  },
  {
    method: 'get',
    path: '/v1/agents/{id}/schedule',
    role: 'supervisor',
    tag: 'schedules',
    operationId: 'agentSchedule',
    summary: 'An agent’s schedule',
    params: AGENT_ID,
    response: { status: 200, description: 'The schedule', schema: 'Schedule' },
    problems: notFound('The agent has no schedule', 'DESK.SCHEDULE_NOT_FOUND'),
  },
  {
    method: 'put',
    path: '/v1/agents/{id}/schedule',
    role: 'supervisor',
    tag: 'schedules',
    operationId: 'writeSchedule',
    summary: 'Replace an agent’s schedule',
    params: AGENT_ID,
    body: { schema: 'ScheduleInput' },
    response: { status: 200, description: 'The schedule', schema: 'Schedule' },
    problems: all(body('DESK.INVALID_SCHEDULE'), AGENT_NOT_FOUND),
  },
  {
    method: 'delete',
    path: '/v1/agents/{id}/schedule',
    role: 'supervisor',
    tag: 'schedules',
    operationId: 'deleteSchedule',
    summary: 'Remove an agent’s schedule (the end of a shift no longer sets them away)',
    params: AGENT_ID,
    response: { status: 204, description: 'Removed' },
    problems: notFound('The agent has no schedule', 'DESK.SCHEDULE_NOT_FOUND'),
  },
  {
    method: 'get',
    path: '/v1/schedules/coverage',
    role: 'supervisor',
    tag: 'schedules',
    operationId: 'coverage',
    summary: 'Scheduled agents per step of a period, by skill or language',
    query: coverageQuerySchema,
    response: { status: 200, description: 'The steps', schema: 'Coverage' },
    problems: query('DESK.INVALID_COVERAGE_QUERY'),
  },
  // reviews
  {
    method: 'get',
    path: '/v1/reviews',
    role: 'supervisor',
    tag: 'reviews',
    operationId: 'listReviews',
    summary: 'The review queue of the bot’s answers',
    query: reviewListQuerySchema,
    response: { status: 200, description: 'A page', schema: 'Reviews' },
    problems: query('DESK.INVALID_REVIEW_QUERY'),
  },
  {
    method: 'get',
    path: '/v1/reviews/{id}',
    role: 'supervisor',
    tag: 'reviews',
    operationId: 'review',
    summary: 'One answer in review',
    params: ID,
    response: { status: 200, description: 'The item', schema: 'Review' },
    problems: notFound('No such answer in review', 'DESK.REVIEW_NOT_FOUND'),
  },
  {
    method: 'post',
    path: '/v1/reviews/{id}/verdict',
    role: 'supervisor',
    tag: 'reviews',
    operationId: 'reviewVerdict',
    summary: 'Judge an answer; a correction becomes a draft in knowledge',
    params: ID,
    body: { schema: 'ReviewVerdict' },
    response: { status: 200, description: 'The item, reviewed', schema: 'Review' },
    problems: all(
      body('DESK.INVALID_VERDICT'),
      notFound('No such answer in review', 'DESK.REVIEW_NOT_FOUND'),
      conflict('It was judged already', 'DESK.REVIEW_ALREADY_DONE'),
    ),
  },
  // KPIs, usage, surveys
  {
    method: 'get',
    path: '/v1/kpis',
    role: 'supervisor',
    tag: 'kpis',
    operationId: 'kpis',
    summary: 'The tenant’s KPIs for UTC days, by day, queue, agent or none',
    query: kpiQuerySchema,
    response: { status: 200, description: 'The figures', schema: 'Kpis' },
    problems: query('DESK.INVALID_KPI_QUERY', 'DESK.INVALID_KPI_RANGE'),
  },
  {
    method: 'get',
    path: '/v1/usage',
    role: 'admin',
    tag: 'kpis',
    operationId: 'usage',
    summary: 'Seats, conversations, bot answers and model tokens for billing',
    query: usageQuerySchema,
    response: { status: 200, description: 'The usage', schema: 'Usage' },
    problems: query('DESK.INVALID_USAGE_QUERY', 'DESK.INVALID_USAGE_RANGE'),
  },
  {
    method: 'get',
    path: '/v1/agents/me/csat',
    role: 'agent',
    tag: 'surveys',
    operationId: 'myCsat',
    summary: 'One’s own CSAT and NPS figures and latest ratings',
    query: agentCsatQuerySchema,
    response: { status: 200, description: 'The figures', schema: 'AgentCsat' },
    problems: query('DESK.INVALID_SURVEY_QUERY'),
  },
  {
    method: 'get',
    path: '/v1/surveys',
    role: 'supervisor',
    tag: 'surveys',
    operationId: 'listSurveys',
    summary: 'The tenant’s surveys and figures for a period',
    query: surveysQuerySchema,
    response: { status: 200, description: 'The surveys', schema: 'Surveys' },
    problems: query('DESK.INVALID_SURVEY_QUERY'),
  },
  // teams
  {
    method: 'get',
    path: '/v1/teams',
    role: 'supervisor',
    tag: 'teams',
    operationId: 'listTeams',
    summary: 'The tenant’s teams',
    response: { status: 200, description: 'The teams', schema: 'Teams' },
  },
  {
    method: 'post',
    path: '/v1/teams',
    role: 'admin',
    tag: 'teams',
    operationId: 'createTeam',
    summary: 'Create a team',
    body: { schema: 'TeamInput', example: { name: 'Billing' } },
    response: { status: 201, description: 'The team', schema: 'Team' },
    problems: all(
      body('DESK.INVALID_TEAM'),
      conflict('A team has this name', 'DESK.TEAM_NAME_TAKEN'),
    ),
  },
  {
    method: 'patch',
    path: '/v1/teams/{id}',
    role: 'admin',
    tag: 'teams',
    operationId: 'renameTeam',
    summary: 'Rename a team',
    params: ID,
    body: { schema: 'TeamInput' },
    response: { status: 200, description: 'The team', schema: 'Team' },
    problems: all(
      body('DESK.INVALID_TEAM'),
      TEAM_NOT_FOUND,
      conflict('A team has this name', 'DESK.TEAM_NAME_TAKEN'),
    ),
  },
  {
    method: 'delete',
    path: '/v1/teams/{id}',
    role: 'admin',
    tag: 'teams',
    operationId: 'deleteTeam',
    summary: 'Delete a team no agent or queue uses',
    params: ID,
    response: { status: 204, description: 'Deleted' },
    problems: all(TEAM_NOT_FOUND, conflict('Agents or queues use it', 'DESK.TEAM_IN_USE')),
  },
  // queues
  {
    method: 'get',
    path: '/v1/queues',
    role: 'supervisor',
    tag: 'queues',
    operationId: 'listQueues',
    summary: 'Every defined queue and every queue with waiting work, with live figures',
    response: { status: 200, description: 'The queues', schema: 'Queues' },
  },
  {
    method: 'get',
    path: '/v1/queues/{name}',
    role: 'supervisor',
    tag: 'queues',
    operationId: 'queue',
    summary: 'One queue with live figures (the defaults when it is not defined)',
    params: { name: 'The queue' },
    response: { status: 200, description: 'The queue', schema: 'Queue' },
  },
  {
    method: 'post',
    path: '/v1/queues',
    role: 'admin',
    tag: 'queues',
    operationId: 'createQueue',
    summary: 'Define a queue: skills, priority, SLA, overflow, business hours',
    body: { schema: 'QueueInput' },
    response: { status: 201, description: 'The queue', schema: 'Queue' },
    problems: all(
      body('DESK.INVALID_QUEUE'),
      TEAM_NOT_FOUND,
      conflict('A queue has this name', 'DESK.QUEUE_EXISTS'),
    ),
  },
  {
    method: 'put',
    path: '/v1/queues/{name}',
    role: 'admin',
    tag: 'queues',
    operationId: 'replaceQueue',
    summary: 'Replace a queue’s definition (the name stays)',
    params: { name: 'The queue' },
    body: { schema: 'QueueInput' },
    response: { status: 200, description: 'The queue', schema: 'Queue' },
    problems: all(
      body('DESK.INVALID_QUEUE'),
      notFound('No such queue is defined', 'DESK.QUEUE_NOT_FOUND'),
      TEAM_NOT_FOUND,
    ),
  },
  {
    method: 'delete',
    path: '/v1/queues/{name}',
    role: 'admin',
    tag: 'queues',
    operationId: 'deleteQueue',
    summary: 'Remove a queue’s definition (its conversations get the defaults)',
    params: { name: 'The queue' },
    response: { status: 204, description: 'Removed' },
    problems: notFound('No such queue is defined', 'DESK.QUEUE_NOT_FOUND'),
  },
  // api keys
  {
    method: 'post',
    path: '/v1/api-keys',
    role: 'admin',
    tag: 'api-keys',
    operationId: 'createApiKey',
    summary: 'Create an API key (shown once)',
    body: { schema: 'ApiKeyCreate', example: { name: 'CRM sync', role: 'supervisor' } },
    response: { status: 201, description: 'The key', schema: 'ApiKeyCreated' },
    problems: body(),
  },
  {
    method: 'delete',
    path: '/v1/api-keys/{id}',
    role: 'admin',
    tag: 'api-keys',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    params: ID,
    response: { status: 204, description: 'Revoked' },
    problems: notFound('No such API key', 'DESK.API_KEY_NOT_FOUND'),
  },
  // this document
  {
    method: 'get',
    path: '/openapi.json',
    role: 'public',
    tag: 'operations',
    operationId: 'openapi',
    summary: 'This document',
    response: { status: 200, description: 'OpenAPI 3.1' },
  },
  // the console (its files are served under /console/)
  {
    method: 'get',
    path: '/console/settings.json',
    role: 'public',
    tag: 'operations',
    operationId: 'consoleSettings',
    summary: 'Where the console finds the other services, as the browser sees them',
    response: {
      status: 200,
      description: 'The console’s settings',
      schema: 'ConsoleSettings',
    },
  },
];

/** `offer.withdrawn` → `SocketOfferWithdrawn`: the component schema of a socket event. */
export function socketSchemaName(event: string): string {
  return `Socket${event
    .split(/[._-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The socket events' payloads and acks as component schemas, by name. */
function socketSchemas(): Record<string, Record<string, unknown>> {
  const schemas: Record<string, Record<string, unknown>> = {};
  for (const [event, spec] of Object.entries(DESK_SOCKET_EVENTS)) {
    const io = spec.direction === 'server-to-client' ? 'output' : 'input';
    schemas[socketSchemaName(event)] = jsonSchema(spec.schema, io);
    if (spec.ack) schemas[`${socketSchemaName(event)}Ack`] = jsonSchema(spec.ack, 'output');
  }
  return schemas;
}

/** The `x-socket-events` extension: the namespace, the handshake and every event. */
function socketApi(): Record<string, unknown> {
  return {
    namespace: DESK_NAMESPACE,
    path: '/socket.io',
    transport: 'socket.io 4 (Engine.IO 4), on the desk’s HTTP port',
    description:
      'Connect to the `/desk` namespace (the root namespace refuses) with ' +
      '`io(url + "/desk", { auth: { token } })`, the access token of POST /v1/auth/login. ' +
      'Every event carries `type` and `at`; events relayed from the log carry `eventId`, and a ' +
      'client drops ids it has seen (after a desk instance crashes a few may come twice). ' +
      'Client events are answered through the ack callback, with the result or `{ error }`.',
    handshake: {
      auth: { token: 'The desk access token (the same as the HTTP Bearer token)' },
      refusal:
        'A refused handshake is a `connect_error` whose `data` is a SocketError; the socket ' +
        'is not connected.',
      errorSchema: ref('SocketError'),
      refusals: [
        { status: 401, code: 'AUTH.UNAUTHENTICATED', when: 'No `auth.token`' },
        { status: 401, code: 'AUTH.INVALID_TOKEN', when: 'The token is refused or expired' },
        { status: 403, code: 'AUTH.FORBIDDEN', when: 'A service token (only people connect)' },
        {
          status: 403,
          code: 'DESK.NOT_AN_AGENT',
          when: 'The account is not an agent of the tenant',
        },
      ],
      rooms:
        'Each socket joins `agent:<id>` and `tenant:<tenantId>`; supervisors and admins also ' +
        '`tenant:<tenantId>:supervisors`; `watch` adds `conversation:<id>`.',
    },
    events: Object.entries(DESK_SOCKET_EVENTS).map(([event, spec]) => ({
      name: event,
      direction: spec.direction,
      audience: spec.audience,
      ...(spec.schema.description ? { description: spec.schema.description } : {}),
      payload: ref(socketSchemaName(event)),
      ...(spec.ack ? { ack: ref(`${socketSchemaName(event)}Ack`) } : {}),
    })),
    ackErrors: [
      { status: 400, code: 'DESK.INVALID_WATCH', when: 'The payload is not the event’s schema' },
      {
        status: 404,
        code: 'DESK.CONVERSATION_NOT_FOUND',
        when: 'watch: no such conversation of the tenant, or (an agent) not assigned to them',
      },
      {
        status: 429,
        code: 'DESK.TOO_MANY_WATCHED',
        when: 'watch: the socket already watches 200 conversations',
      },
    ],
  };
}

/** The agent desk's API as OpenAPI 3.1 (`GET /openapi.json`, docs/openapi/agent-desk.json). */
export function deskOpenApi(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tandem agent desk',
      version: '1',
      description:
        'Where people take conversations over from the bot: agents, teams and queues, offers ' +
        'and dispatch, conversations (reply, resolve, transfer, notes, customer edits), canned ' +
        'responses, wrap-up codes, settings, schedules, reviews of the bot’s answers, KPIs, ' +
        'usage and surveys.\n\n' +
        '**Authentication.** `POST /v1/auth/login` with `{tenant, email, password}` answers an ' +
        'access token and a refresh token; send the access token as `Authorization: Bearer ' +
        '<token>` (or an admin-made key as `X-Api-Key`). Everything is scoped to the token’s ' +
        'tenant. Each route names the least role it needs (agent < supervisor < admin); an ' +
        'agent sees only their own work.\n\n' +
        '**Errors** are RFC 9457 `application/problem+json` with a stable `code` (e.g. ' +
        '`DESK.CONVERSATION_NOT_FOUND`); each operation lists the codes it may answer.\n\n' +
        '**Realtime.** Offers, messages, assist suggestions, deliveries, queue figures and ' +
        'presence are pushed over socket.io, namespace `/desk`, authenticated with the same ' +
        'access token: the `x-socket-events` section at the root of this document lists the ' +
        'handshake and every event with its schema (tag `realtime`).',
    },
    tags: [
      { name: 'auth', description: 'Log in and refresh (public)' },
      { name: 'agents', description: 'Seats: skills, languages, capacity, presence' },
      { name: 'offers', description: 'Conversations reserved for an agent until accepted' },
      { name: 'conversations', description: 'Reply, resolve, the view, the customer, the wait' },
      { name: 'notes', description: 'Internal notes on a conversation' },
      { name: 'transfers', description: 'Transfers (the agent) and reassignments (supervisors)' },
      { name: 'canned-responses', description: 'Reusable replies with placeholders' },
      { name: 'wrap-up-codes', description: 'Why a conversation was resolved' },
      { name: 'settings', description: 'The tenant’s desk settings' },
      { name: 'schedules', description: 'Agents’ shifts and coverage' },
      { name: 'reviews', description: 'The review queue of the bot’s answers' },
      { name: 'kpis', description: 'KPIs and usage' },
      { name: 'surveys', description: 'CSAT and NPS' },
      { name: 'teams', description: 'Teams of agents' },
      { name: 'queues', description: 'Queues: skills, priority, SLA, overflow, business hours' },
      { name: 'api-keys', description: 'Keys for machines (admin)' },
      {
        name: 'realtime',
        description:
          'The socket.io API (namespace `/desk`): see `x-socket-events` at the document root; ' +
          'payload schemas are `components.schemas.Socket*`.',
      },
      { name: 'operations', description: 'Health, metrics and this document' },
    ],
    components: {
      schemas: {
        ...Object.fromEntries(
          Object.entries(DESK_REQUEST_SCHEMAS).map(([name, schema]) => [
            name,
            jsonSchema(schema, 'input'),
          ]),
        ),
        ...Object.fromEntries(
          Object.entries(DESK_RESPONSE_SCHEMAS).map(([name, schema]) => [
            name,
            jsonSchema(schema, 'output'),
          ]),
        ),
        ...socketSchemas(),
      },
      securitySchemes: PLATFORM_SECURITY_SCHEMES,
    },
    paths: { ...routeOperations(DESK_ROUTES), ...platformPaths() },
    'x-socket-events': socketApi(),
  };
}
