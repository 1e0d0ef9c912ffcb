import { useSyncExternalStore } from 'react';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** "just now", "2 min ago", "3 h ago", "4 d ago", then the date. */
export function formatRelativeTime(iso: string, now: number): string {
  const elapsed = Math.max(0, now - Date.parse(iso));
  if (elapsed < minute) return 'just now';
  if (elapsed < hour) return `${Math.floor(elapsed / minute)} min ago`;
  if (elapsed < day) return `${Math.floor(elapsed / hour)} h ago`;
  if (elapsed < 7 * day) return `${Math.floor(elapsed / day)} d ago`;
  return new Date(iso).toLocaleDateString();
}

// One shared clock for every relative time on the page, so they stay fresh with one timer.
const tickMs = 15_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((notify) => notify());
    }, tickMs);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, re-rendering the caller every 15 s. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
