import { agentScheduleSchema } from './agent-schedule';
import { fullTimeShanghai, remoteBerlin } from './schedule-fixtures';
import { lastShiftEnd, onShift, shiftStatus, shouldEndShift } from './shift-status';

const utc = (iso: string) => new Date(iso);
const nights = agentScheduleSchema.parse({
  employment: 'full_time',
  shifts: {
    timezone: 'UTC',
    weekly: { mon: [['22:00', '24:00']], tue: [['00:00', '06:00']] },
  },
});
const never = agentScheduleSchema.parse({
  employment: 'part_time',
  shifts: { timezone: 'UTC', weekly: {} },
});

describe('on shift', () => {
  it.each([
    ['Shanghai full-time, Monday 09:00 local', fullTimeShanghai, '2026-11-30T01:00:00Z', true],
    [
      'Shanghai full-time, Monday 18:00 local: over',
      fullTimeShanghai,
      '2026-11-30T10:00:00Z',
      false,
    ],
    ['Shanghai full-time on their day off', fullTimeShanghai, '2026-12-02T03:00:00Z', false],
    [
      'Berlin remote, Monday 16:00 UTC = 17:00 CET: over',
      remoteBerlin,
      '2026-11-30T16:00:00Z',
      false,
    ],
    ['Berlin remote, Monday 15:59 UTC', remoteBerlin, '2026-11-30T15:59:00Z', true],
    ['a night shift past midnight', nights, '2026-12-01T01:00:00Z', true],
  ])('%s', (_case, schedule, at, expected) => {
    expect(onShift(schedule, utc(at))).toBe(expected);
  });

  it('on shift: when it ends; the next start is the following day', () => {
    expect(shiftStatus(fullTimeShanghai, utc('2026-11-30T03:00:00Z'))).toEqual({
      onShiftNow: true,
      currentShiftEndsAt: '2026-11-30T10:00:00.000Z',
      nextShiftStartsAt: '2026-12-01T01:00:00.000Z',
    });
  });

  it('off shift before a day off: the next start skips the holiday', () => {
    expect(shiftStatus(fullTimeShanghai, utc('2026-12-01T12:00:00Z'))).toEqual({
      onShiftNow: false,
      currentShiftEndsAt: null,
      nextShiftStartsAt: '2026-12-03T01:00:00.000Z',
    });
  });

  it('a night shift written over two days ends once, in the morning', () => {
    expect(shiftStatus(nights, utc('2026-11-30T23:00:00Z'))).toMatchObject({
      onShiftNow: true,
      currentShiftEndsAt: '2026-12-01T06:00:00.000Z',
    });
    expect(lastShiftEnd(nights, utc('2026-12-01T07:00:00Z'))).toEqual(utc('2026-12-01T06:00:00Z'));
  });

  it('round the clock: on shift, with no end or next start within the horizon', () => {
    const always = agentScheduleSchema.parse({
      employment: 'remote',
      shifts: {
        timezone: 'UTC',
        weekly: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [
            day,
            [['00:00', '24:00']],
          ]),
        ),
      },
    });
    expect(shiftStatus(always, utc('2026-11-30T03:00:00Z'))).toEqual({
      onShiftNow: true,
      currentShiftEndsAt: null,
      nextShiftStartsAt: null,
    });
  });

  it('no shifts at all: never on shift, no next start, no last end', () => {
    expect(shiftStatus(never, utc('2026-11-30T03:00:00Z'))).toEqual({
      onShiftNow: false,
      currentShiftEndsAt: null,
      nextShiftStartsAt: null,
    });
    expect(lastShiftEnd(never, utc('2026-11-30T03:00:00Z'))).toBeNull();
  });
});

describe('the end of a shift sends a forgotten online agent away', () => {
  // The Shanghai shift ends Monday 30 November at 10:00 UTC.
  const online = (iso: string) => ({ presence: 'online', presenceAt: utc(iso) });
  it.each([
    [
      '16 minutes after the end, online since the morning → away',
      online('2026-11-30T00:55:00Z'),
      '2026-11-30T10:16:00Z',
      15,
      true,
    ],
    [
      'exactly the grace after the end → not yet',
      online('2026-11-30T00:55:00Z'),
      '2026-11-30T10:15:00Z',
      15,
      false,
    ],
    [
      'within the grace → not yet',
      online('2026-11-30T00:55:00Z'),
      '2026-11-30T10:05:00Z',
      15,
      false,
    ],
    [
      'no grace: a minute after → away',
      online('2026-11-30T00:55:00Z'),
      '2026-11-30T10:01:00Z',
      0,
      true,
    ],
    ['still on shift → stays', online('2026-11-30T00:55:00Z'), '2026-11-30T09:59:00Z', 15, false],
    [
      'went online after the shift ended (overtime) → stays',
      online('2026-11-30T10:05:00Z'),
      '2026-11-30T12:00:00Z',
      15,
      false,
    ],
    [
      'overtime into the next shift, which then ends → away',
      online('2026-11-30T10:05:00Z'),
      '2026-12-01T10:30:00Z',
      15,
      true,
    ],
    [
      'already away → nothing to do',
      { presence: 'away', presenceAt: utc('2026-11-30T00:55:00Z') },
      '2026-11-30T12:00:00Z',
      15,
      false,
    ],
    [
      'offline → nothing to do',
      { presence: 'offline', presenceAt: utc('2026-11-30T00:55:00Z') },
      '2026-11-30T12:00:00Z',
      15,
      false,
    ],
  ])('%s', (_case, agent, now, grace, expected) => {
    expect(shouldEndShift(fullTimeShanghai, agent, utc(now), grace)).toBe(expected);
  });

  it('a schedule with no shifts never sends anyone away', () => {
    expect(
      shouldEndShift(
        never,
        { presence: 'online', presenceAt: utc('2026-11-01T00:00:00Z') },
        utc('2026-11-30T12:00:00Z'),
        15,
      ),
    ).toBe(false);
  });
});
