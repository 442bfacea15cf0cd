import { noticeDue, UNKNOWN_WAIT, waitingNotice, type WaitFacts } from './waiting-notice';

const facts = (
  position: number | null,
  estimatedWaitSeconds: number | null,
  agentsOnline: number | null,
): WaitFacts => ({ position, estimatedWaitSeconds, agentsOnline });

describe('waitingNotice', () => {
  it.each<[string, WaitFacts, 'zh' | 'en' | 'other', string]>([
    [
      'third in line, 3 minutes → place and estimate',
      facts(3, 180, 2),
      'en',
      "You're number 3 in the queue; the expected wait is about 3 minutes. Thank you for your patience.",
    ],
    [
      'in Chinese: the customers ahead, not the place',
      facts(3, 180, 2),
      'zh',
      '您前面还有 2 位客户，预计等待约 3 分钟。感谢您的耐心等待。',
    ],
    [
      'next, 40 seconds → never "about 0 minutes"',
      facts(1, 40, 1),
      'en',
      "You're next in the queue; the expected wait is about 1 minute. Thank you for your patience.",
    ],
    [
      'next in Chinese',
      facts(1, 100, 1),
      'zh',
      '您是下一位，预计等待约 2 分钟。感谢您的耐心等待。',
    ],
    [
      'nobody online → said plainly, no estimate',
      facts(2, null, 0),
      'en',
      "You're number 2 in the queue. No one from our team is online right now, so I can't say how long it will take; a person will be with you as soon as one is available. Thank you for your patience.",
    ],
    [
      'nobody online, in Chinese',
      facts(1, null, 0),
      'zh',
      '您是下一位。目前没有在线的客服人员，暂时无法估计等待时间；一有客服可以接待，就会马上为您服务。感谢您的耐心等待。',
    ],
    [
      'agents online but no recent pace → no invented number',
      facts(4, null, 3),
      'en',
      "You're number 4 in the queue. I can't estimate the wait yet; a person will be with you as soon as they can. Thank you for your patience.",
    ],
    [
      'desk unreachable → still told they are waiting',
      UNKNOWN_WAIT,
      'en',
      "You're in the queue for a person, who will be with you as soon as they can. Thank you for your patience.",
    ],
    [
      'desk unreachable, in Chinese',
      UNKNOWN_WAIT,
      'zh',
      '您正在排队等待人工客服，客服会尽快为您服务。感谢您的耐心等待。',
    ],
    [
      'another language → English',
      facts(1, 60, 1),
      'other',
      "You're next in the queue; the expected wait is about 1 minute. Thank you for your patience.",
    ],
  ])('%s', (_case, wait, language, expected) => {
    expect(waitingNotice({ facts: wait, language, name: null })).toBe(expected);
  });

  it('offers what the policy says while nobody is online, and only then', () => {
    const nobody = { ...facts(2, null, 0) };
    expect(
      waitingNotice({
        facts: { ...nobody, noAgentOnline: 'callback' },
        language: 'en',
        name: null,
      }),
    ).toContain('leave your phone number and a good time to call, and we will call you back.');
    expect(
      waitingNotice({ facts: { ...nobody, noAgentOnline: 'message' }, language: 'zh', name: null }),
    ).toContain('您可以现在把问题完整地留言在这里');
    expect(
      waitingNotice({ facts: { ...nobody, noAgentOnline: 'queue' }, language: 'en', name: null }),
    ).toBe(waitingNotice({ facts: nobody, language: 'en', name: null }));
    // Someone is online: the offer is not made.
    expect(
      waitingNotice({
        facts: { ...facts(2, 120, 1), noAgentOnline: 'callback' },
        language: 'en',
        name: null,
      }),
    ).not.toContain('call you back');
  });

  it('introduces itself with the persona name when the tenant gave one', () => {
    expect(waitingNotice({ facts: facts(1, 60, 1), language: 'en', name: 'Mia' })).toMatch(
      /^This is Mia\. You're next/,
    );
    expect(waitingNotice({ facts: facts(1, 60, 1), language: 'zh', name: '小美' })).toMatch(
      /^我是小美。您是下一位/,
    );
  });
});

describe('noticeDue', () => {
  const minute = 60_000;
  const t0 = new Date('2026-12-01T10:00:00.000Z');
  const later = (ms: number): Date => new Date(t0.getTime() + ms);

  it.each<[string, Date | null, Date, boolean]>([
    ['never told → due', null, t0, true],
    ['told 10 s ago → not yet', t0, later(10_000), false],
    ['told 59.999 s ago → not yet', t0, later(minute - 1), false],
    ['told exactly a minute ago → due', t0, later(minute), true],
    ['told 5 minutes ago → due', t0, later(5 * minute), true],
    ['an out-of-order older message → not due', t0, later(-5_000), false],
  ])('%s', (_case, last, now, expected) => {
    expect(noticeDue(last, now, minute)).toBe(expected);
  });
});
