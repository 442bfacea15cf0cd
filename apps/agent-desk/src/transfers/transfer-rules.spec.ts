import { transferRefusal, type TransferRequest } from './transfer-rules';

const request = (overrides: Partial<TransferRequest> = {}): TransferRequest => ({
  kind: 'transfer',
  actor: { id: 'alice', role: 'agent' },
  conversation: { status: 'assigned', agentId: 'alice', queue: 'general' },
  toAgentId: null,
  toQueue: 'billing',
  targetAgentKnown: null,
  ...overrides,
});

describe('who may transfer or reassign a conversation, and to whom', () => {
  it.each<[string, Partial<TransferRequest>, string | null]>([
    ['the assigned agent transfers to a queue → allowed', {}, null],
    [
      'the assigned agent transfers to a known colleague → allowed',
      { toQueue: null, toAgentId: 'bob', targetAgentKnown: true },
      null,
    ],
    ['the assigned agent hands it back to its own queue → allowed', { toQueue: 'general' }, null],
    [
      "an agent transfers a colleague's conversation → it does not exist for them",
      { conversation: { status: 'assigned', agentId: 'bob', queue: 'general' } },
      'DESK.CONVERSATION_NOT_FOUND',
    ],
    [
      'an agent transfers a conversation only offered to them → not assigned',
      { conversation: { status: 'offered', agentId: 'alice', queue: 'general' } },
      'DESK.NOT_ASSIGNED_TO_YOU',
    ],
    [
      'an agent transfers a conversation they resolved → not assigned',
      { conversation: { status: 'resolved', agentId: 'alice', queue: 'general' } },
      'DESK.NOT_ASSIGNED_TO_YOU',
    ],
    [
      "a supervisor uses transfer on someone else's conversation → must reassign",
      {
        actor: { id: 'sam', role: 'supervisor' },
        conversation: { status: 'assigned', agentId: 'bob', queue: 'general' },
      },
      'DESK.NOT_ASSIGNED_TO_YOU',
    ],
    [
      'to an agent the tenant does not have → unknown target',
      { toQueue: null, toAgentId: 'ghost', targetAgentKnown: false },
      'DESK.TARGET_AGENT_UNKNOWN',
    ],
    [
      'to oneself → already theirs',
      { toQueue: null, toAgentId: 'alice', targetAgentKnown: true },
      'DESK.TRANSFER_TO_SAME_AGENT',
    ],
    ['to nobody and no queue → no target', { toQueue: null }, 'DESK.TRANSFER_TARGET_MISSING'],
    [
      'a supervisor reassigns a queued conversation to a named agent → allowed',
      {
        kind: 'reassign',
        actor: { id: 'sam', role: 'supervisor' },
        conversation: { status: 'queued', agentId: null, queue: 'general' },
        toQueue: null,
        toAgentId: 'bob',
        targetAgentKnown: true,
      },
      null,
    ],
    [
      "a supervisor reassigns an agent's active conversation to a queue → allowed",
      {
        kind: 'reassign',
        actor: { id: 'sam', role: 'supervisor' },
        conversation: { status: 'assigned', agentId: 'bob', queue: 'general' },
      },
      null,
    ],
    [
      'a supervisor reassigns a resolved conversation → closed',
      {
        kind: 'reassign',
        actor: { id: 'sam', role: 'supervisor' },
        conversation: { status: 'resolved', agentId: 'bob', queue: 'general' },
      },
      'DESK.CONVERSATION_CLOSED',
    ],
    [
      'a supervisor reassigns an abandoned conversation → closed',
      {
        kind: 'reassign',
        actor: { id: 'sam', role: 'admin' },
        conversation: { status: 'abandoned', agentId: null, queue: 'general' },
      },
      'DESK.CONVERSATION_CLOSED',
    ],
  ])('%s', (_case, overrides, expected) => {
    expect(transferRefusal(request(overrides))?.code ?? null).toBe(expected);
  });
});
