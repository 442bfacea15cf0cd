import { presenceBody, presenceValue } from './presence';

describe('presence choices', () => {
  it.each([
    [{ presence: 'online', busyState: null }, 'online'],
    [{ presence: 'busy', busyState: 'lunch' }, 'busy:lunch'],
    [{ presence: 'busy', busyState: null }, 'busy'],
    [{ presence: 'offline', busyState: null }, 'offline'],
  ] as const)('%j is shown as %s', (me, value) => {
    expect(presenceValue(me)).toBe(value);
  });

  it.each([
    ['online', { status: 'online' }],
    ['away', { status: 'away' }],
    ['busy:lunch', { status: 'busy', busyState: 'lunch' }],
    ['busy:team: sync', { status: 'busy', busyState: 'team: sync' }],
    ['offline', { status: 'offline' }],
    ['busy', null],
    ['sleeping', null],
  ])('%s → %j', (value, body) => {
    expect(presenceBody(value)).toEqual(body);
  });
});
