/** The service's end-user endpoints (API.md), typed. */
import type { HttpClient } from './http.js';
import type {
  Counts,
  InboxFilter,
  Notification,
  NotificationPage,
  NotificationType,
  Preferences,
  ReadAllResult,
} from './types.js';

export class InboxApi {
  constructor(private readonly http: HttpClient) {}

  /** One page of the list, newest first; `cursor` from the previous page. */
  listPage(filter: InboxFilter, limit: number, cursor?: string): Promise<NotificationPage> {
    return this.http.request('GET', '/api/notifications', { query: { ...filterQuery(filter), limit, cursor } });
  }

  /** Notifications with `seq > afterSeq`, oldest first (catch-up). */
  listAfter(afterSeq: number, limit: number): Promise<NotificationPage> {
    return this.http.request('GET', '/api/notifications', { query: { afterSeq, limit } });
  }

  counts(): Promise<Counts> {
    return this.http.request('GET', '/api/notifications/counts');
  }

  markRead(id: string): Promise<Notification> {
    return this.http.request('PATCH', `/api/notifications/${encodeURIComponent(id)}/read`);
  }

  markAllRead(filter: { type?: NotificationType; conversationId?: string }): Promise<ReadAllResult> {
    const body = filter.type || filter.conversationId ? filter : undefined;
    return this.http.request('PATCH', '/api/notifications/read-all', { body });
  }

  remove(id: string): Promise<void> {
    return this.http.request('DELETE', `/api/notifications/${encodeURIComponent(id)}`);
  }

  getPreferences(): Promise<Preferences> {
    return this.http.request('GET', '/api/notifications/preferences');
  }

  setPreferences(preferences: Preferences): Promise<Preferences> {
    return this.http.request('PUT', '/api/notifications/preferences', { body: preferences });
  }
}

function filterQuery(filter: InboxFilter): Record<string, string | boolean | undefined> {
  return { type: filter.type, isRead: filter.isRead, conversationId: filter.conversationId };
}
