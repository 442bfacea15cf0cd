import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day as HH:MM (24:00 ends a day)');
/** One open stretch of a day, e.g. ["09:00", "18:00"]; a stretch never crosses midnight. */
const stretch = z
  .tuple([clock, clock])
  .refine(([from, to]) => minutesOf(from) < minutesOf(to), 'a stretch ends after it starts');
const day = z.array(stretch).max(8);

/**
 * Hours that repeat every week in one time zone, with dated exceptions (a holiday closed all
 * day, an extra Saturday): a queue's business hours and an agent's shifts.
 */
export const weeklyHoursSchema = z
  .object({
    /** An IANA zone, e.g. "Asia/Shanghai". */
    timezone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai'),
    weekly: z.object(Object.fromEntries(WEEKDAYS.map((name) => [name, day.default([])]))).strict(),
    exceptions: z
      .array(
        z
          .object({
            date: z.iso.date(),
            /** The day's hours instead of the weekly ones; [] closes the whole day. */
            hours: day,
          })
          .strict(),
      )
      .max(400)
      .default([]),
  })
  .strict();
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;
export type WeeklyHoursInput = z.input<typeof weeklyHoursSchema>;

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

interface LocalTime {
  date: string;
  weekday: Weekday;
  minutes: number;
}

const PROBE_MS = 15 * 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date, weekday and minute of the day of `at` in `timezone`. */
export function localTime(at: Date, timezone: string): LocalTime {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: parts.weekday!.toLowerCase().slice(0, 3) as Weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function hoursOn(hours: WeeklyHours, local: LocalTime): readonly (readonly [string, string])[] {
  const exception = hours.exceptions.find((candidate) => candidate.date === local.date);
  return exception ? exception.hours : (hours.weekly[local.weekday] ?? []);
}

/** Pure: whether `at` falls in the hours (null hours: always open). */
export function isWithinHours(hours: WeeklyHours | null, at: Date): boolean {
  if (hours === null) return true;
  const local = localTime(at, hours.timezone);
  return hoursOn(hours, local).some(
    ([from, to]) => local.minutes >= minutesOf(from) && local.minutes < minutesOf(to),
  );
}

/**
 * Pure: the next moment the hours open at or after `at` (`at` itself when open now), within
 * `horizonDays`; null when they never open in that time (or hours are null: always open → at).
 * Probes every quarter hour and walks back to the opening minute, so it is exact to the minute
 * in any zone and across daylight-saving changes (a stretch shorter than 15 minutes can be missed).
 */
export function nextOpening(hours: WeeklyHours | null, at: Date, horizonDays = 14): Date | null {
  if (hours === null || isWithinHours(hours, at)) return at;
  const start = Math.ceil(at.getTime() / 60_000) * 60_000;
  const end = at.getTime() + horizonDays * 86_400_000;
  for (let probe = start; probe <= end; probe += PROBE_MS) {
    if (!isWithinHours(hours, new Date(probe))) continue;
    let opening = probe;
    for (let back = probe - 60_000; back > probe - PROBE_MS && back >= start; back -= 60_000) {
      if (!isWithinHours(hours, new Date(back))) break;
      opening = back;
    }
    return new Date(opening);
  }
  return null;
}

/** One open stretch as real instants: [start, end). */
export interface Stretch {
  start: Date;
  end: Date;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Minutes the zone's wall clock is ahead of UTC at `ms` (e.g. +480 in Shanghai). */
function offsetMinutes(ms: number, timezone: string): number {
  const local = localTime(new Date(ms), timezone);
  const wall = Date.parse(`${local.date}T00:00:00Z`) + local.minutes * MINUTE_MS;
  return Math.round((wall - Math.floor(ms / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
}

/**
 * The first instant at which the wall clock of `timezone` reads `minutes` after midnight of
 * `date` or later (minutes may be 1440: the next midnight). A time skipped when clocks go
 * forward maps to the moment they jump; a time repeated when they go back, to its first pass.
 */
export function instantOf(date: string, minutes: number, timezone: string): Date {
  // Many agents share a zone and their shift times: the zone's rules are read once for each.
  const key = `${timezone}|${date}|${minutes}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    if (instants.size >= INSTANT_CACHE_SIZE) instants.clear();
    instant = findInstant(date, minutes, timezone);
    instants.set(key, instant);
  }
  return new Date(instant);
}

const INSTANT_CACHE_SIZE = 50_000;
const instants = new Map<string, number>();

function findInstant(date: string, minutes: number, timezone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE_MS;
  // Zones are at most 14 hours from UTC, so the offsets around this wall time are these two.
  const offsets = [
    ...new Set([-18, 18].map((hours) => offsetMinutes(wall + hours * 3_600_000, timezone))),
  ];
  const exact = offsets
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((candidate) => offsetMinutes(candidate, timezone) * MINUTE_MS === wall - candidate)
    .sort((a, b) => a - b);
  if (exact.length > 0) return exact[0]!;
  // In the gap of a jump forward: find the jump, the first minute on the later offset.
  const after = offsets[offsets.length - 1]!;
  const bounds = offsets.map((offset) => wall - offset * MINUTE_MS);
  let low = Math.min(...bounds);
  let high = Math.max(...bounds);
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetMinutes(middle, timezone) === after) high = middle;
    else low = middle;
  }
  return high;
}

const midnights = new Map<string, number>();
const dates = new Map<number, string>();

/** The local date of `at` in the zone, as the UTC midnight of that date (cached: coverage asks it per agent). */
function localMidnight(at: Date, timezone: string): number {
  const key = `${timezone}|${at.getTime()}`;
  let midnight = midnights.get(key);
  if (midnight === undefined) {
    if (midnights.size >= INSTANT_CACHE_SIZE) midnights.clear();
    midnight = Date.parse(`${localTime(at, timezone).date}T00:00:00Z`);
    midnights.set(key, midnight);
  }
  return midnight;
}

function isoDate(midnight: number): string {
  let date = dates.get(midnight);
  if (date === undefined) {
    if (dates.size >= INSTANT_CACHE_SIZE) dates.clear();
    date = new Date(midnight).toISOString().slice(0, 10);
    dates.set(midnight, date);
  }
  return date;
}

/**
 * Pure: the open stretches that overlap [from, to), as instants in order, stretches that touch
 * (a night shift written as 22:00–24:00 and 00:00–06:00 the next day) joined into one. A
 * stretch keeps its real start and end outside the range, except that stretches are only
 * read from the day before `from` to the day after `to` (a round-the-clock run ends there).
 */
export function openStretches(hours: WeeklyHours, from: Date, to: Date): Stretch[] {
  const exceptions = new Map(
    hours.exceptions.map((exception) => [exception.date, exception.hours]),
  );
  const first = localMidnight(from, hours.timezone) - DAY_MS;
  const last = localMidnight(to, hours.timezone) + DAY_MS;
  const stretches: Stretch[] = [];
  for (let midnight = first; midnight <= last; midnight += DAY_MS) {
    const date = isoDate(midnight);
    // 1 January 1970 was a Thursday.
    const weekday = WEEKDAYS[(Math.floor(midnight / DAY_MS) + 3) % 7]!;
    const day = exceptions.get(date) ?? hours.weekly[weekday] ?? [];
    for (const [open, close] of day) {
      const start = instantOf(date, minutesOf(open), hours.timezone);
      const end = instantOf(date, minutesOf(close), hours.timezone);
      if (end > start) stretches.push({ start, end });
    }
  }
  stretches.sort((a, b) => a.start.getTime() - b.start.getTime());
  const joined: Stretch[] = [];
  for (const stretch of stretches) {
    const previous = joined[joined.length - 1];
    if (previous && stretch.start <= previous.end) {
      if (stretch.end > previous.end) previous.end = stretch.end;
    } else joined.push({ ...stretch });
  }
  return joined.filter((stretch) => stretch.end > from && stretch.start < to);
}
