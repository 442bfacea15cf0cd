import { queueBodySchema } from './queue-schemas';

describe('queue definitions', () => {
  it('fills the defaults: no skills, no boost, SLA 120 s, no overflow, always open, any team', () => {
    expect(queueBodySchema.parse({ name: 'general' })).toEqual({
      name: 'general',
      skills: {},
      priority: 0,
      slaSeconds: 120,
      overflow: [],
      hours: null,
      teamId: null,
    });
  });

  it.each<[string, unknown, boolean]>([
    ['overflow to a queue', [{ afterSeconds: 60, toQueue: 'general' }], true],
    ['overflow by lowering levels', [{ afterSeconds: 60, lowerSkillLevelsBy: 1 }], true],
    ['both at once', [{ afterSeconds: 60, toQueue: 'general', lowerSkillLevelsBy: 2 }], true],
    ['neither → refused', [{ afterSeconds: 60 }], false],
    ['negative wait → refused', [{ afterSeconds: -1, toQueue: 'general' }], false],
  ])('overflow: %s', (_case, overflow, ok) => {
    expect(queueBodySchema.safeParse({ name: 'billing', overflow }).success).toBe(ok);
  });

  it.each([['Billing'], ['with space'], ['']])('refuses the name %j', (name) => {
    expect(queueBodySchema.safeParse({ name }).success).toBe(false);
  });
});
