/**
 * @notifications/client — headless client of the Notifications service.
 *
 * ```ts
 * const inbox = createInboxClient({ baseUrl: '', userId: 'alice', getToken: () => token });
 * inbox.subscribe((state) => render(state));
 * inbox.onArrival(({ notifications }) => toast(notifications));
 * await inbox.start();
 * ```
 */
export { createInboxClient } from './client.js';
export { DEFAULT_TIMINGS } from './options.js';
export { RequestError } from './http.js';
export type { RequestFailure } from './http.js';
export type {
  Arrival,
  ClientTimings,
  ConnectionStatus,
  Counts,
  InboxClient,
  InboxClientOptions,
  InboxError,
  InboxFilter,
  InboxState,
  Notification,
  NotificationAction,
  NotificationType,
  OptimisticChange,
  Preferences,
  Priority,
  ProblemDetails,
} from './types.js';
