/** The service's end-user endpoints (API.md, v1 and v2), typed. */
import type { HttpClient } from './http.js';
import type { Counts, InboxChange, InboxFilter, Notification, NotificationPage, NotificationType, Preferences } from './types.js';

const base = '/api/notifications';
const item = (id: string) => `${base}/${encodeURIComponent(id)}`;

export class InboxApi {
  constructor(private readonly http: HttpClient) {}

  /** One page of the view, newest first; `cursor` from the previous page. */
  listPage(filter: InboxFilter, limit: number, cursor?: string): Promise<NotificationPage> {
    return this.http.request('GET', base, { query: { ...filterQuery(filter), limit, cursor } });
  }

  /** Notifications of the inbox (the default shelf) with `seq > afterSeq`, oldest first (catch-up). */
  listAfter(afterSeq: number, limit: number): Promise<NotificationPage> {
    return this.http.request('GET', base, { query: { afterSeq, limit } });
  }

  counts(): Promise<Counts> {
    return this.http.request('GET', `${base}/counts`);
  }

  get(id: string): Promise<Notification> {
    return this.http.request('GET', item(id));
  }

  markRead(id: string): Promise<Notification> {
    return this.http.request('PATCH', `${item(id)}/read`);
  }

  /** Read-all of the filter, only up to `upToSeq`: what arrived after the client's newest is never swept along. */
  markAllRead(filter: { type?: NotificationType; conversationId?: string; upToSeq: number }): Promise<InboxChange> {
    return this.http.request('PATCH', `${base}/read-all`, { body: filter });
  }

  markSeen(upToSeq: number): Promise<InboxChange> {
    return this.http.request('PATCH', `${base}/seen`, { body: { upToSeq } });
  }

  archive(id: string): Promise<Notification> {
    return this.http.request('PATCH', `${item(id)}/archive`);
  }

  unarchive(id: string): Promise<Notification> {
    return this.http.request('PATCH', `${item(id)}/unarchive`);
  }

  archiveRead(): Promise<InboxChange> {
    return this.http.request('PATCH', `${base}/archive-read`);
  }

  snooze(id: string, until: string): Promise<Notification> {
    return this.http.request('PATCH', `${item(id)}/snooze`, { body: { until } });
  }

  unsnooze(id: string): Promise<Notification> {
    return this.http.request('PATCH', `${item(id)}/unsnooze`);
  }

  /** A POST, yet retried: taking the same action again answers the same (API.md v2). */
  takeAction(id: string, actionId: string): Promise<Notification> {
    return this.http.request('POST', `${item(id)}/actions/${encodeURIComponent(actionId)}`, { idempotent: true });
  }

  remove(id: string): Promise<void> {
    return this.http.request('DELETE', item(id));
  }

  getPreferences(): Promise<Preferences> {
    return this.http.request('GET', `${base}/preferences`);
  }

  setPreferences(preferences: Preferences): Promise<Preferences> {
    return this.http.request('PUT', `${base}/preferences`, { body: preferences });
  }
}

function filterQuery(filter: InboxFilter): Record<string, string | boolean | undefined> {
  return {
    type: filter.type,
    isRead: filter.isRead,
    conversationId: filter.conversationId,
    archived: filter.archived,
    snoozed: filter.snoozed,
  };
}
