import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { InboxState } from '@notifications/client';
import type { Session } from './session';

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in session');
  return session;
}

/** The do-not-disturb time zone as stored: "tomorrow 9:00" is on that wall clock (UTC until known). */
export function useDndTimeZone(): string {
  return useStore(useSession().preferences, (preferences) => preferences?.dnd.timeZone ?? 'UTC');
}

/** A slice of the library's inbox state; re-renders only when the slice changes. */
export function useInbox<T>(selector: (state: InboxState) => T): T {
  return useStore(useSession().inbox, selector);
}
