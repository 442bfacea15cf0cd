import { chooseAgent, type AgentCandidate } from './choose-agent';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 10, minute));
const agent = (id: string, overrides: Partial<AgentCandidate> = {}): AgentCandidate => ({
  id,
  skills: ['lang:zh', 'lang:en'],
  capacity: 3,
  load: 0,
  online: true,
  lastOfferedAt: null,
  ...overrides,
});
const chinese = { skills: ['lang:zh'], passedBy: [] };

describe('choosing the agent for a waiting conversation', () => {
  it.each([
    ['nobody online → nobody', [agent('a', { online: false })], null],
    ['the only online agent at capacity → nobody', [agent('a', { load: 3 })], null],
    ['an agent without the language → nobody', [agent('a', { skills: ['lang:en'] })], null],
    ['lowest load wins', [agent('a', { load: 2 }), agent('b', { load: 1 })], 'b'],
    [
      'same load → longest idle wins',
      [agent('a', { lastOfferedAt: at(5) }), agent('b', { lastOfferedAt: at(1) })],
      'b',
    ],
    [
      'never offered counts as idle the longest',
      [agent('a', { lastOfferedAt: at(1) }), agent('b')],
      'b',
    ],
    [
      'offline agents never get work, however idle',
      [agent('a', { online: false }), agent('b', { load: 2 })],
      'b',
    ],
  ])('%s', (_case, agents, expected) => {
    expect(chooseAgent(chinese, agents)?.id ?? null).toBe(expected);
  });

  it('skips an agent who passed on it while someone else can take it', () => {
    const agents = [agent('a'), agent('b', { load: 2 })];
    expect(chooseAgent({ ...chinese, passedBy: ['a'] }, agents)?.id).toBe('b');
  });

  it('asks the agent who passed again when nobody else can take it', () => {
    expect(chooseAgent({ ...chinese, passedBy: ['a'] }, [agent('a')])?.id).toBe('a');
  });
});
