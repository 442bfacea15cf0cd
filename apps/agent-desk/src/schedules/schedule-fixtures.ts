import { agentScheduleSchema, type AgentSchedule } from './agent-schedule';

/** Schedules the schedule specs share (week of Monday 30 November 2026). */
export const weekdays = (hours: [string, string][]) => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
});

/** Shanghai (UTC+8), 09:00–18:00 weekdays = 01:00–10:00 UTC; Wednesday 2 December off. */
export const fullTimeShanghai: AgentSchedule = agentScheduleSchema.parse({
  employment: 'full_time',
  shifts: {
    timezone: 'Asia/Shanghai',
    weekly: weekdays([['09:00', '18:00']]),
    exceptions: [{ date: '2026-12-02', hours: [] }],
  },
});

/** Shanghai, Tuesday and Thursday 13:30–17:00 = 05:30–09:00 UTC. */
export const partTimeShanghai: AgentSchedule = agentScheduleSchema.parse({
  employment: 'part_time',
  shifts: {
    timezone: 'Asia/Shanghai',
    weekly: { tue: [['13:30', '17:00']], thu: [['13:30', '17:00']] },
  },
});

/** Remote in Berlin, 09:00–17:00 weekdays: 08:00–16:00 UTC in winter, 07:00–15:00 in summer. */
export const remoteBerlin: AgentSchedule = agentScheduleSchema.parse({
  employment: 'remote',
  shifts: { timezone: 'Europe/Berlin', weekly: weekdays([['09:00', '17:00']]) },
});
