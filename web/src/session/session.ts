import { createInboxClient, type InboxClient, type InboxError, type InboxState, type Preferences } from '@notifications/client';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { apiBaseUrl, maxHeldNotifications, readTimings } from '../config';
import { signInToken } from './devAuth';
import { toastsForArrival, toastForError } from '../toasts/toastRules';
import { toastStore } from '../toasts/toastStore';

/** A signed-in user: the library's client and a store that mirrors its state for React. */
export interface Session {
  userId: string;
  client: InboxClient;
  /** Mirrors `client.getState()`; replaced as a whole on every change the library reports. */
  inbox: StoreApi<InboxState>;
  /**
   * The account's preferences as last stored (null until the first answer): the snooze and pause
   * choices read the do-not-disturb time zone from them; the preferences view writes what it saved.
   */
  preferences: StoreApi<Preferences | null>;
  close(): Promise<void>;
}

export async function openSession(userId: string): Promise<Session> {
  const token = await signInToken(userId);
  const client = createInboxClient({
    baseUrl: apiBaseUrl,
    userId,
    getToken: () => token,
    maxHeld: maxHeldNotifications,
    timings: readTimings(),
    onError: (error: InboxError) => {
      const toast = toastForError(error);
      if (toast) toastStore.getState().show(toast);
    },
  });
  const inbox = createStore<InboxState>(() => client.getState());
  const unsubscribeState = client.subscribe((state) => inbox.setState(state, true));
  const unsubscribeArrivals = client.onArrival((arrival) => {
    for (const toast of toastsForArrival(arrival)) toastStore.getState().show(toast);
  });
  const preferences = createStore<Preferences | null>(() => null);
  // Not awaited: start() shows the cache at once and then connects; the state tells the UI how far it got.
  void client.start();
  client.getPreferences().then(
    (stored) => {
      if (preferences.getState() === null) preferences.setState(stored, true); // a save may have come first
    },
    () => undefined, // the preferences view shows its own load error; choices fall back to UTC meanwhile
  );
  return {
    userId,
    client,
    inbox,
    preferences,
    async close() {
      unsubscribeArrivals();
      unsubscribeState();
      await client.stop();
    },
  };
}
