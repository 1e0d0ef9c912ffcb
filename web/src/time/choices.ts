import { nextWeekAt, tomorrowAt } from './zonedTime';

/** The hour "tomorrow" and "next week" mean, on the user's (DND) wall clock. */
export const morningHour = 9;
const hourMs = 3_600_000;

export interface TimeChoice {
  /** What the button says, e.g. "1 hour". */
  label: string;
  until: Date;
}

/** Snooze choices (API.md v2: at most 30 days ahead). */
export function snoozeChoices(timeZone: string, now: Date): TimeChoice[] {
  return [
    { label: '1 hour', until: new Date(now.getTime() + hourMs) },
    { label: `Tomorrow ${morningHour}:00`, until: tomorrowAt(morningHour, timeZone, now) },
    { label: `Next week (Mon ${morningHour}:00)`, until: nextWeekAt(morningHour, timeZone, now) },
  ];
}

/** Pause choices (API.md v2: at most 7 days ahead). */
export function pauseChoices(timeZone: string, now: Date): TimeChoice[] {
  return [
    { label: '1 hour', until: new Date(now.getTime() + hourMs) },
    { label: '8 hours', until: new Date(now.getTime() + 8 * hourMs) },
    { label: `Until tomorrow ${morningHour}:00`, until: tomorrowAt(morningHour, timeZone, now) },
  ];
}
