import type { Counts, Notification, NotificationPage } from '../../src/types.js';

/** A notification as the server shapes it, for tests that need no server. */
export function notification(seq: number, fields: Partial<Notification> = {}): Notification {
  return {
    id: `n${seq}`,
    userId: 'alice',
    seq,
    type: 'user_mentioned',
    title: `Notification ${seq}`,
    content: null,
    priority: 'normal',
    isRead: false,
    readAt: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    senderId: null,
    senderUsername: null,
    senderAvatar: null,
    messagePreview: null,
    conversationId: null,
    messageId: null,
    callSessionId: null,
    data: null,
    expiresAt: null,
    silent: false,
    seenAt: null,
    archivedAt: null,
    snoozedUntil: null,
    collapseKey: null,
    collapsedCount: 1,
    actions: [],
    actedAction: null,
    actedAt: null,
    ...fields,
  };
}

/** Counts as the server shapes them; zero unless given. */
export function counts(fields: Partial<Counts> = {}): Counts {
  return { total: 0, unread: 0, unseen: 0, archived: 0, snoozed: 0, byType: {}, byPriority: {}, lastSeq: 0, ...fields };
}

/** A page newest first with seqs from..to (descending). */
export function page(fromSeq: number, toSeq: number, hasMore: boolean, fields: Partial<Notification> = {}): NotificationPage {
  const items: Notification[] = [];
  for (let seq = fromSeq; seq >= toSeq; seq--) items.push(notification(seq, fields));
  return { items, hasMore, nextCursor: hasMore ? `after-${toSeq}` : null };
}
