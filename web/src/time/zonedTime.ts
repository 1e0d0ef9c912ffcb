/**
 * Wall-clock times in an IANA time zone (the user's do-not-disturb zone), for the snooze and pause
 * choices: "tomorrow 9:00" means 9:00 where the user's DND settings say they live, not where the
 * browser runs. Intl does the zone rules; no library needed.
 */

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** What the wall clock of `timeZone` shows at `instant`. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return {
    year: Number(part('year')),
    month: Number(part('month')),
    day: Number(part('day')),
    hour: Number(part('hour')) % 24,
    minute: Number(part('minute')),
    weekday: weekdays.indexOf(part('weekday')),
  };
}

/**
 * The instant at which the wall clock of `timeZone` shows `date` at `hour`:`minute`. The zone's
 * offset is found by asking what the clock shows and correcting, twice at most (a DST change in
 * between); a time skipped by a DST change comes out an hour later, as clocks do.
 */
export function instantAt(date: { year: number; month: number; day: number }, hour: number, minute: number, timeZone: string): Date {
  const wanted = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  let guess = wanted;
  for (let attempt = 0; attempt < 3; attempt++) {
    const shown = wallClock(new Date(guess), timeZone);
    const difference = wanted - Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute);
    if (difference === 0) break;
    guess += difference;
  }
  return new Date(guess);
}

/** `days` after today's date in `timeZone`, at `hour`:00 there. */
function daysAheadAt(days: number, hour: number, timeZone: string, now: Date): Date {
  const today = wallClock(now, timeZone);
  const day = new Date(Date.UTC(today.year, today.month - 1, today.day + days)); // calendar arithmetic only
  return instantAt({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() }, hour, 0, timeZone);
}

/** Tomorrow at `hour`:00 in `timeZone`. */
export function tomorrowAt(hour: number, timeZone: string, now: Date): Date {
  return daysAheadAt(1, hour, timeZone, now);
}

/** Next Monday (a week on, when today is Monday) at `hour`:00 in `timeZone`. */
export function nextWeekAt(hour: number, timeZone: string, now: Date): Date {
  const weekday = wallClock(now, timeZone).weekday;
  return daysAheadAt((8 - weekday) % 7 || 7, hour, timeZone, now);
}

/** e.g. "Sat 5 Dec, 09:00" on the wall clock of `timeZone`. */
export function formatInZone(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}
