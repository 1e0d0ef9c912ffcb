import type { InboxClient, InboxClientOptions } from './types.js';

/**
 * Creates the inbox client. Nothing happens until `start()`: it shows the cache at once,
 * connects the hub (or follows the leader tab), loads page 1 and counts.
 *
 * Promises of `markRead`, `markAllRead` and `remove` resolve once the server answered or the
 * change was rolled back; they never reject — refusals go to `onError` (kind 'rollback').
 * `getPreferences` / `setPreferences` reject on failure (and also call `onError`, kind 'preferences').
 */
export function createInboxClient(options: InboxClientOptions): InboxClient {
  void options;
  throw new Error('@notifications/client: implementation lands in the next commit (public API only)');
}
