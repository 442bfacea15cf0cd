import { isWithinHours, localTime, nextOpening, weeklyHoursSchema } from './weekly-hours';

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
