import type { DeskStatus } from '../conversations/desk-conversation.entity';

export type TransferKind = 'transfer' | 'reassign';

export interface TransferRequest {
  kind: TransferKind;
  /** Who asks: the principal's subject and role. */
  actor: { id: string; role: 'agent' | 'supervisor' | 'admin' | 'service' };
  conversation: { status: DeskStatus; agentId: string | null; queue: string };
  toAgentId: string | null;
  toQueue: string | null;
  /** Whether the named target agent is an agent of the tenant (null: no agent named). */
  targetAgentKnown: boolean | null;
}

export interface TransferRefusal {
  status: 404 | 409;
  code: string;
  message: string;
}

/**
 * Pure: whether a transfer or a reassignment may happen, or why not (a stable code).
 * An agent transfers only a conversation assigned to them; another agent's conversation does
 * not exist for them. A supervisor (or admin) reassigns any waiting or assigned conversation
 * of the tenant. The target must be a known agent other than the current one, or a queue.
 */
export function transferRefusal(request: TransferRequest): TransferRefusal | null {
  const { kind, actor, conversation } = request;
  const mine = conversation.agentId === actor.id;
  if (kind === 'transfer') {
    if (!mine && actor.role === 'agent') {
      return {
        status: 404,
        code: 'DESK.CONVERSATION_NOT_FOUND',
        message: 'No such conversation assigned to you.',
      };
    }
    if (!mine || conversation.status !== 'assigned') {
      return {
        status: 409,
        code: 'DESK.NOT_ASSIGNED_TO_YOU',
        message: `The conversation is ${conversation.status} and not assigned to you; a supervisor may reassign it.`,
      };
    }
  } else if (!['queued', 'offered', 'assigned'].includes(conversation.status)) {
    return {
      status: 409,
      code: 'DESK.CONVERSATION_CLOSED',
      message: `The conversation is ${conversation.status}; only waiting or assigned ones can be reassigned.`,
    };
  }
  if (request.toAgentId === null && request.toQueue === null) {
    return {
      status: 409,
      code: 'DESK.TRANSFER_TARGET_MISSING',
      message: 'Name an agent or a queue.',
    };
  }
  if (request.toAgentId !== null) {
    if (request.targetAgentKnown !== true) {
      return {
        status: 409,
        code: 'DESK.TARGET_AGENT_UNKNOWN',
        message: `No agent ${request.toAgentId} in this tenant.`,
      };
    }
    if (request.toAgentId === conversation.agentId && conversation.status === 'assigned') {
      return {
        status: 409,
        code: 'DESK.TRANSFER_TO_SAME_AGENT',
        message: 'The conversation is already assigned to that agent.',
      };
    }
  }
  // Back into its own queue is allowed: the agent hands it to whoever is next.
  return null;
}
