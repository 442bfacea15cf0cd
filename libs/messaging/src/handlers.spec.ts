import { HandlerRegistrationError, indexHandlers, on } from './handlers';
import { backoffDelay } from './consumer-runner';

const noop = async () => undefined;

describe('the start-up check of subscriptions against handlers', () => {
  it('accepts exactly one handler per subscribed type', () => {
    const index = indexHandlers(
      ['bot.replied', 'agent.replied'],
      [on('bot.replied', noop), on('agent.replied', noop)],
    );
    expect([...index.keys()].sort()).toEqual(['agent.replied', 'bot.replied']);
  });

  it.each([
    [
      'a subscribed type without a handler',
      ['bot.replied', 'agent.replied'],
      ['bot.replied'],
      /"agent.replied" is subscribed but has no handler/,
    ],
    [
      'two handlers for one type',
      ['bot.replied'],
      ['bot.replied', 'bot.replied'],
      /"bot.replied" has more than one handler/,
    ],
    [
      'a handler without a subscription',
      ['bot.replied'],
      ['bot.replied', 'agent.replied'],
      /"agent.replied" has a handler but no subscription/,
    ],
  ] as const)('refuses to boot with %s', (_case, subscriptions, handled, message) => {
    const handlers = handled.map((type) => on(type, noop));
    expect(() => indexHandlers(subscriptions, handlers)).toThrow(HandlerRegistrationError);
    expect(() => indexHandlers(subscriptions, handlers)).toThrow(message);
  });
});

describe('retry backoff', () => {
  it.each([
    [1, 200],
    [2, 400],
    [3, 800],
    [6, 5_000],
  ])('attempt %i waits %i ms before the next try, capped', (attempt, expected) => {
    expect(backoffDelay(attempt, { attempts: 5, initialDelayMs: 200, maxDelayMs: 5_000 })).toBe(
      expected,
    );
  });
});
