import { createInboxClient, type InboxClient, type InboxError, type InboxState } from '@notifications/client';
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
  // Not awaited: start() shows the cache at once and then connects; the state tells the UI how far it got.
  void client.start();
  return {
    userId,
    client,
    inbox,
    async close() {
      unsubscribeArrivals();
      unsubscribeState();
      await client.stop();
    },
  };
}
