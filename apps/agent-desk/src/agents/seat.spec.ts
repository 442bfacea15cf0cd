import type { ChannelType } from '@tandem/contracts';
import { agentCreateSchema } from './agent-schemas';
import { capacityFor, mediaOf, skillLevelsSchema, type Media } from './seat';

describe('the media a conversation takes from a seat', () => {
  it.each<[ChannelType, Media]>([
    ['email', 'email'],
    ['webchat', 'chat'],
    ['wechat', 'chat'],
    ['sms', 'chat'],
    ['generic', 'chat'],
  ])('%s → %s', (channel, media) => {
    expect(mediaOf(channel)).toBe(media);
  });

  it('a media left out of the capacity is 0', () => {
    expect(capacityFor({ chat: 5 }, 'email')).toBe(0);
    expect(capacityFor({ chat: 5 }, 'chat')).toBe(5);
  });
});

describe('seat schemas', () => {
  it.each<[string, unknown, boolean]>([
    ['levels 1..5', { billing: 1, vip: 5 }, true],
    ['level 0 → refused', { billing: 0 }, false],
    ['level 6 → refused', { billing: 6 }, false],
    ['a lang: skill → refused (languages are separate)', { 'lang:zh': 3 }, false],
  ])('skills: %s', (_case, skills, ok) => {
    expect(skillLevelsSchema.safeParse(skills).success).toBe(ok);
  });

  it('a new agent gets the default capacity, no skills, lower-case e-mail; weak passwords are refused', () => {
    expect(
      agentCreateSchema.parse({ email: 'New@Desk.test', name: 'New', password: 'twelve chars' }),
    ).toMatchObject({
      email: 'new@desk.test',
      role: 'agent',
      skills: {},
      languages: [],
      capacity: { chat: 5, email: 10, call: 1 },
      teamId: null,
    });
    expect(
      agentCreateSchema.safeParse({ email: 'a@desk.test', name: 'A', password: 'short' }).success,
    ).toBe(false);
  });
});
