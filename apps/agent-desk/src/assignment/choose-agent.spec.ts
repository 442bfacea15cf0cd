import {
  chooseAgent,
  requirementsFor,
  type AgentCandidate,
  type QueueRules,
  type WaitingConversation,
} from './choose-agent';

const NOW = new Date(Date.UTC(2026, 11, 1, 10, 0));
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));

const agent = (id: string, overrides: Partial<AgentCandidate> = {}): AgentCandidate => ({
  id,
  active: true,
  presence: 'online',
  teamId: null,
  skills: { billing: 3 },
  languages: ['zh', 'en'],
  capacity: { chat: 4, email: 10 },
  load: { chat: 0, email: 0, call: 0 },
  lastOfferedAt: null,
  ...overrides,
});
const load = (chat: number, email = 0) => ({ chat, email, call: 0 });

const chat: WaitingConversation = {
  skills: ['lang:zh'],
  media: 'chat',
  queuedAt: NOW,
  passedBy: [],
  preferredAgentId: null,
  preferredUntil: null,
};

const general: QueueRules = { name: 'general', skills: {}, teamId: null, overflow: [] };
const billing: QueueRules = { ...general, name: 'billing', skills: { billing: 4 } };
const vip: QueueRules = { ...general, name: 'vip', skills: { vip: 2 } };
const queues: Record<string, QueueRules> = { general, billing, vip };
const queueNamed = (name: string): QueueRules => queues[name] ?? { ...general, name };

type Case = [string, WaitingConversation, QueueRules, AgentCandidate[], string | null];

describe('choosing the agent for a waiting conversation', () => {
  it.each<Case>([
    // Who may get work at all.
    ['nobody online → nobody', chat, general, [agent('a', { presence: 'offline' })], null],
    ['away → nobody', chat, general, [agent('a', { presence: 'away' })], null],
    ['busy (lunch) → nobody', chat, general, [agent('a', { presence: 'busy' })], null],
    ['deactivated → nobody', chat, general, [agent('a', { active: false })], null],
    [
      'offline agents never get work, however idle',
      chat,
      general,
      [agent('a', { presence: 'offline' }), agent('b', { load: load(3) })],
      'b',
    ],
    // Capacity per media.
    ['chats full → nobody', chat, general, [agent('a', { load: load(4) })], null],
    [
      'chats full but e-mail free → takes the e-mail',
      { ...chat, media: 'email' },
      general,
      [agent('a', { load: load(4, 9) })],
      'a',
    ],
    [
      'no capacity for calls at all → no call',
      { ...chat, media: 'call' },
      general,
      [agent('a')],
      null,
    ],
    // Language.
    ['does not speak Chinese → nobody', chat, general, [agent('a', { languages: ['en'] })], null],
    [
      'no language asked → anyone',
      { ...chat, skills: [] },
      general,
      [agent('a', { languages: [] })],
      'a',
    ],
    // Skills at the queue's level, and the router's skills.
    ['billing 3 for a billing-4 queue → nobody', chat, billing, [agent('a')], null],
    [
      'billing 4 for a billing-4 queue → yes',
      chat,
      billing,
      [agent('a'), agent('b', { skills: { billing: 4 } })],
      'b',
    ],
    [
      "the router's topic skill is needed at level 1",
      { ...chat, skills: ['lang:zh', 'law'] },
      general,
      [agent('a'), agent('b', { skills: { law: 1 } })],
      'b',
    ],
    // Team.
    [
      "a team's queue only offers to its team",
      chat,
      { ...general, teamId: 'team-1' },
      [agent('a', { teamId: 'team-2' }), agent('b', { teamId: 'team-1', load: load(3) })],
      'b',
    ],
    // Ranking.
    [
      'lowest share of capacity wins',
      chat,
      general,
      [agent('a', { load: load(2) }), agent('b', { load: load(1) })],
      'b',
    ],
    [
      'share, not count: 2 of 8 beats 1 of 2',
      chat,
      general,
      [
        agent('a', { capacity: { chat: 2 }, load: load(1) }),
        agent('b', { capacity: { chat: 8 }, load: load(2) }),
      ],
      'b',
    ],
    [
      'same share → longest idle wins',
      chat,
      general,
      [agent('a', { lastOfferedAt: at(5) }), agent('b', { lastOfferedAt: at(1) })],
      'b',
    ],
    [
      'never offered counts as idle the longest',
      chat,
      general,
      [agent('a', { lastOfferedAt: at(1) }), agent('b')],
      'b',
    ],
    // Overflow.
    [
      'waited 1 min, level drop after 2 min → still nobody',
      { ...chat, queuedAt: minutesAgo(1) },
      { ...billing, overflow: [{ afterSeconds: 120, lowerSkillLevelsBy: 1 }] },
      [agent('a')],
      null,
    ],
    [
      'waited 3 min, level drop by 1 after 2 min → billing 3 will do',
      { ...chat, queuedAt: minutesAgo(3) },
      { ...billing, overflow: [{ afterSeconds: 120, lowerSkillLevelsBy: 1 }] },
      [agent('a')],
      'a',
    ],
    [
      'a level drop never drops the skill itself',
      { ...chat, queuedAt: minutesAgo(3) },
      { ...billing, overflow: [{ afterSeconds: 0, lowerSkillLevelsBy: 4 }] },
      [agent('a', { skills: {} })],
      null,
    ],
    [
      "waited 3 min, overflow to vip after 2 min → vip's agents too",
      { ...chat, queuedAt: minutesAgo(3) },
      { ...billing, overflow: [{ afterSeconds: 120, toQueue: 'vip' }] },
      [agent('a', { skills: { vip: 2 } })],
      'a',
    ],
    [
      'overflow still needs the language',
      { ...chat, queuedAt: minutesAgo(3) },
      { ...billing, overflow: [{ afterSeconds: 120, toQueue: 'vip' }] },
      [agent('a', { skills: { vip: 2 }, languages: ['en'] })],
      null,
    ],
    [
      'overflow to a queue never defined → its defaults (anyone)',
      { ...chat, queuedAt: minutesAgo(3) },
      { ...billing, overflow: [{ afterSeconds: 60, toQueue: 'spare' }] },
      [agent('a', { skills: {} })],
      'a',
    ],
    // Preferred agent.
    [
      'preferred agent while the preference lasts → only them',
      { ...chat, preferredAgentId: 'p', preferredUntil: new Date(NOW.getTime() + 60_000) },
      general,
      [agent('a'), agent('p', { load: load(3) })],
      'p',
    ],
    [
      'preferred agent at capacity while the preference lasts → nobody yet',
      { ...chat, preferredAgentId: 'p', preferredUntil: new Date(NOW.getTime() + 60_000) },
      general,
      [agent('a'), agent('p', { load: load(4) })],
      null,
    ],
    [
      'preference over → anyone, best first',
      { ...chat, preferredAgentId: 'p', preferredUntil: NOW },
      general,
      [agent('a'), agent('p', { load: load(3) })],
      'a',
    ],
    // Who passed on it.
    [
      'skips an agent who passed on it while someone else can take it',
      { ...chat, passedBy: ['a'] },
      general,
      [agent('a'), agent('b', { load: load(2) })],
      'b',
    ],
    [
      'asks the agent who passed again when nobody else can take it',
      { ...chat, passedBy: ['a'] },
      general,
      [agent('a')],
      'a',
    ],
  ])('%s', (_case, conversation, queue, agents, expected) => {
    expect(chooseAgent(conversation, queue, queueNamed, agents, NOW)?.id ?? null).toBe(expected);
  });
});

describe('requirementsFor', () => {
  it('merges the router skills at level 1 under the queue levels and lowers by the largest due drop', () => {
    const queue: QueueRules = {
      ...billing,
      overflow: [
        { afterSeconds: 60, lowerSkillLevelsBy: 1 },
        { afterSeconds: 120, lowerSkillLevelsBy: 2 },
        { afterSeconds: 600, lowerSkillLevelsBy: 3 },
      ],
    };
    const conversation = { skills: ['lang:en', 'billing', 'refunds'], queuedAt: minutesAgo(5) };
    expect(requirementsFor(conversation, queue, queueNamed, NOW)).toEqual([
      { skills: { billing: 2, refunds: 1 }, teamId: null },
    ]);
  });
});
