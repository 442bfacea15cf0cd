import {
  instantOf,
  isWithinHours,
  localTime,
  nextOpening,
  openStretches,
  weeklyHoursSchema,
} from './weekly-hours';

const shanghaiOffice = weeklyHoursSchema.parse({
  timezone: 'Asia/Shanghai',
  weekly: {
    mon: [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
  },
  exceptions: [
    { date: '2026-10-01', hours: [] },
    { date: '2026-10-10', hours: [['10:00', '16:00']] },
  ],
});
const utc = (iso: string) => new Date(iso);

describe('weekly hours', () => {
  it('reads the local date, weekday and minute in the zone', () => {
    // 2026-11-30 is a Monday; 01:30 UTC is 09:30 in Shanghai.
    expect(localTime(utc('2026-11-30T01:30:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-11-30',
      weekday: 'mon',
      minutes: 9 * 60 + 30,
    });
  });

  it.each([
    ['Monday 09:30 Shanghai: open', '2026-11-30T01:30:00Z', true],
    ['Monday 12:30 Shanghai, the lunch gap: closed', '2026-11-30T04:30:00Z', false],
    ['Monday 08:59 Shanghai: not yet', '2026-11-30T00:59:00Z', false],
    ['Monday 18:00 Shanghai: the end is exclusive', '2026-11-30T10:00:00Z', false],
    ['Saturday noon: closed', '2026-12-05T04:00:00Z', false],
    ['a holiday that falls on a Thursday: closed', '2026-10-01T03:00:00Z', false],
    ['an extra Saturday (10 October) at 11:00: open', '2026-10-10T03:00:00Z', true],
  ])('%s', (_case, at, open) => {
    expect(isWithinHours(shanghaiOffice, utc(at))).toBe(open);
  });

  it('no hours means always open', () => {
    expect(isWithinHours(null, utc('2026-12-05T04:00:00Z'))).toBe(true);
    expect(nextOpening(null, utc('2026-12-05T04:00:00Z'))).toEqual(utc('2026-12-05T04:00:00Z'));
  });

  it.each([
    ['open now → now', '2026-11-30T01:30:00Z', '2026-11-30T01:30:00Z'],
    ['lunch → 13:00 the same day', '2026-11-30T04:10:00Z', '2026-11-30T05:00:00Z'],
    ['Friday evening → Monday 09:00', '2026-12-04T11:00:00Z', '2026-12-07T01:00:00Z'],
  ])('next opening: %s', (_case, at, expected) => {
    expect(nextOpening(shanghaiOffice, utc(at))).toEqual(utc(expected));
  });

  it('crosses a daylight-saving change at the wall clock (New York, 8 March 2026)', () => {
    const weekends = weeklyHoursSchema.parse({
      timezone: 'America/New_York',
      weekly: { sun: [['09:00', '17:00']] },
    });
    // Sunday 8 March 2026 09:00 is EDT (UTC-4) → 13:00 UTC; the week before it was EST.
    expect(nextOpening(weekends, utc('2026-03-08T06:00:00Z'))).toEqual(utc('2026-03-08T13:00:00Z'));
    expect(isWithinHours(weekends, utc('2026-03-01T14:00:00Z'))).toBe(true);
  });

  it('never opening within the horizon → null', () => {
    const closed = weeklyHoursSchema.parse({ timezone: 'UTC', weekly: {} });
    expect(nextOpening(closed, utc('2026-11-30T00:00:00Z'))).toBeNull();
  });

  it.each([
    ['an unknown zone', { timezone: 'Mars/Base', weekly: {} }],
    [
      'a stretch that ends before it starts',
      { timezone: 'UTC', weekly: { mon: [['18:00', '09:00']] } },
    ],
    ['a badly written time', { timezone: 'UTC', weekly: { mon: [['9:00', '18:00']] } }],
    ['an unknown day', { timezone: 'UTC', weekly: { monday: [] } }],
  ])('refuses %s', (_case, document) => {
    expect(weeklyHoursSchema.safeParse(document).success).toBe(false);
  });
});

describe('weekly hours as instants', () => {
  it.each([
    ['Shanghai, no daylight saving', '2026-11-30', 9 * 60, 'Asia/Shanghai', '2026-11-30T01:00:00Z'],
    [
      'midnight at the end of a day is the next day',
      '2026-11-30',
      24 * 60,
      'UTC',
      '2026-12-01T00:00:00Z',
    ],
    ['New York in winter (EST)', '2026-03-01', 9 * 60, 'America/New_York', '2026-03-01T14:00:00Z'],
    ['New York in summer (EDT)', '2026-03-08', 9 * 60, 'America/New_York', '2026-03-08T13:00:00Z'],
    [
      '02:30 is skipped on 8 March: the jump itself',
      '2026-03-08',
      150,
      'America/New_York',
      '2026-03-08T07:00:00Z',
    ],
    [
      '01:30 passes twice on 1 November: the first time',
      '2026-11-01',
      90,
      'America/New_York',
      '2026-11-01T05:30:00Z',
    ],
    ['Kolkata, half-hour offset', '2026-06-01', 9 * 60, 'Asia/Kolkata', '2026-06-01T03:30:00Z'],
  ])('%s', (_case, date, minutes, zone, expected) => {
    expect(instantOf(date, minutes, zone)).toEqual(utc(expected));
  });

  it('lists the stretches overlapping a range, in order, with their whole extent', () => {
    // Monday 30 November 2026, Shanghai: 09–12 and 13–18 local → 01–04 and 05–10 UTC.
    expect(
      openStretches(shanghaiOffice, utc('2026-11-30T02:00:00Z'), utc('2026-11-30T06:00:00Z')),
    ).toEqual([
      { start: utc('2026-11-30T01:00:00Z'), end: utc('2026-11-30T04:00:00Z') },
      { start: utc('2026-11-30T05:00:00Z'), end: utc('2026-11-30T10:00:00Z') },
    ]);
  });

  it('applies exceptions: a holiday has no stretch, an extra Saturday has one', () => {
    expect(
      openStretches(shanghaiOffice, utc('2026-09-30T16:00:00Z'), utc('2026-10-01T16:00:00Z')),
    ).toEqual([]);
    expect(
      openStretches(shanghaiOffice, utc('2026-10-09T16:00:00Z'), utc('2026-10-10T16:00:00Z')),
    ).toEqual([{ start: utc('2026-10-10T02:00:00Z'), end: utc('2026-10-10T08:00:00Z') }]);
  });

  it('joins a night shift written over two days into one stretch', () => {
    const nights = weeklyHoursSchema.parse({
      timezone: 'Europe/Berlin',
      weekly: { mon: [['22:00', '24:00']], tue: [['00:00', '06:00']] },
    });
    // Monday 30 November 2026 22:00 CET = 21:00 UTC, to Tuesday 06:00 CET = 05:00 UTC.
    expect(openStretches(nights, utc('2026-11-30T00:00:00Z'), utc('2026-12-02T00:00:00Z'))).toEqual(
      [{ start: utc('2026-11-30T21:00:00Z'), end: utc('2026-12-01T05:00:00Z') }],
    );
  });

  it('a day-long stretch on the day clocks go forward lasts 23 hours', () => {
    const allSunday = weeklyHoursSchema.parse({
      timezone: 'America/New_York',
      weekly: { sun: [['00:00', '24:00']] },
    });
    const [stretch] = openStretches(
      allSunday,
      utc('2026-03-08T12:00:00Z'),
      utc('2026-03-08T13:00:00Z'),
    );
    expect(stretch).toEqual({
      start: utc('2026-03-08T05:00:00Z'),
      end: utc('2026-03-09T04:00:00Z'),
    });
  });

  it.each([
    ['Shanghai office', shanghaiOffice],
    [
      'New York across both changes',
      weeklyHoursSchema.parse({
        timezone: 'America/New_York',
        weekly: {
          sun: [
            ['00:30', '03:30'],
            ['08:00', '20:00'],
          ],
          sat: [['22:00', '24:00']],
        },
      }),
    ],
  ])('agrees with isWithinHours every 10 minutes (%s)', (_case, hours) => {
    for (const [from, to] of [
      ['2026-03-06T00:00:00Z', '2026-03-10T00:00:00Z'],
      ['2026-09-28T00:00:00Z', '2026-10-12T00:00:00Z'],
      ['2026-10-30T00:00:00Z', '2026-11-03T00:00:00Z'],
    ] as const) {
      const stretches = openStretches(hours, utc(from), utc(to));
      for (let at = utc(from).getTime(); at < utc(to).getTime(); at += 10 * 60_000) {
        const inside = stretches.some(
          ({ start, end }) => start.getTime() <= at && at < end.getTime(),
        );
        expect([new Date(at).toISOString(), inside]).toEqual([
          new Date(at).toISOString(),
          isWithinHours(hours, new Date(at)),
        ]);
      }
    }
  });
});
