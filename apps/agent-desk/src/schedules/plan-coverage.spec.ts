import { planCoverage, type ScheduledAgent } from './plan-coverage';
import { fullTimeShanghai, partTimeShanghai, remoteBerlin } from './schedule-fixtures';

const team: ScheduledAgent[] = [
  { agentId: 'full', schedule: fullTimeShanghai },
  { agentId: 'part', schedule: partTimeShanghai },
  { agentId: 'remote', schedule: remoteBerlin },
];
const utc = (iso: string) => new Date(iso);

describe('planned coverage', () => {
  const week = planCoverage(team, {
    from: utc('2026-11-30T00:00:00Z'),
    to: utc('2026-12-03T00:00:00Z'),
    stepMinutes: 60,
  });
  const at = (iso: string) => week.find((step) => step.from === new Date(iso).toISOString());

  it('cuts the window into steps', () => {
    expect(week).toHaveLength(72);
    expect(week[0]).toMatchObject({
      from: '2026-11-30T00:00:00.000Z',
      to: '2026-11-30T01:00:00.000Z',
    });
  });

  it.each([
    ['Monday 00:00 UTC: nobody yet', '2026-11-30T00:00:00Z', [], 0],
    ['Monday 09:00 Shanghai: the full-time agent', '2026-11-30T01:00:00Z', ['full'], 60],
    ['Monday, no part-time shift on Mondays', '2026-11-30T06:00:00Z', ['full'], 60],
    [
      'Monday 09:00 Berlin: the remote agent joins',
      '2026-11-30T08:00:00Z',
      ['full', 'remote'],
      120,
    ],
    ['Monday 18:00 Shanghai: only Berlin is on', '2026-11-30T10:00:00Z', ['remote'], 60],
    ['Monday 17:00 Berlin: nobody', '2026-11-30T16:00:00Z', [], 0],
    [
      'Tuesday, part-time from 13:30 Shanghai: half the step',
      '2026-12-01T05:00:00Z',
      ['full', 'part'],
      90,
    ],
    ['Tuesday 16:00 Shanghai: all three', '2026-12-01T08:00:00Z', ['full', 'part', 'remote'], 180],
    ['Wednesday, the full-time agent’s holiday', '2026-12-02T02:00:00Z', [], 0],
    ['Wednesday, Berlin still works', '2026-12-02T08:00:00Z', ['remote'], 60],
  ])('%s', (_case, stepFrom, agentIds, staffedMinutes) => {
    expect(at(stepFrom)).toMatchObject({ agentIds, scheduled: agentIds.length, staffedMinutes });
  });

  it.each([
    ['the Monday before clocks go forward, 07:00 UTC (08:00 CET)', '2026-03-23T07:00:00Z', 0],
    ['the Monday before, 08:00 UTC (09:00 CET)', '2026-03-23T08:00:00Z', 1],
    ['the Monday before, 15:00 UTC (16:00 CET)', '2026-03-23T15:00:00Z', 1],
    ['the Monday after, 07:00 UTC (09:00 CEST)', '2026-03-30T07:00:00Z', 1],
    ['the Monday after, 15:00 UTC (17:00 CEST)', '2026-03-30T15:00:00Z', 0],
  ])('daylight saving in Berlin (29 March 2026): %s', (_case, stepFrom, scheduled) => {
    const steps = planCoverage([{ agentId: 'remote', schedule: remoteBerlin }], {
      from: utc('2026-03-23T00:00:00Z'),
      to: utc('2026-04-01T00:00:00Z'),
      stepMinutes: 60,
    });
    expect(steps.find((step) => step.from === new Date(stepFrom).toISOString())?.scheduled).toBe(
      scheduled,
    );
  });

  it('the last step ends at the end of the window', () => {
    const steps = planCoverage(team, {
      from: utc('2026-11-30T00:00:00Z'),
      to: utc('2026-11-30T02:30:00Z'),
      stepMinutes: 60,
    });
    expect(steps.map((step) => [step.to, step.staffedMinutes])).toEqual([
      ['2026-11-30T01:00:00.000Z', 0],
      ['2026-11-30T02:00:00.000Z', 60],
      ['2026-11-30T02:30:00.000Z', 30],
    ]);
  });

  it('an agent with two stretches in one step counts once', () => {
    const split = planCoverage(
      [
        {
          agentId: 'split',
          schedule: {
            employment: 'part_time',
            shifts: {
              timezone: 'UTC',
              weekly: {
                mon: [
                  ['09:00', '09:20'],
                  ['09:40', '10:00'],
                ],
              },
              exceptions: [],
            },
          },
        },
      ],
      { from: utc('2026-11-30T09:00:00Z'), to: utc('2026-11-30T10:00:00Z'), stepMinutes: 60 },
    );
    expect(split).toEqual([
      {
        from: '2026-11-30T09:00:00.000Z',
        to: '2026-11-30T10:00:00.000Z',
        scheduled: 1,
        agentIds: ['split'],
        staffedMinutes: 40,
      },
    ]);
  });
});
