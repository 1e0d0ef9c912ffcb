import { memo, useCallback } from 'react';
import type { Notification } from '@notifications/client';
import { typeAppearance } from '../notificationTypes';
import { formatRelativeTime } from '../relativeTime';

interface Props {
  notification: Notification;
  now: number;
  position: number;
  setSize: number;
  top: number;
  onOpen(notification: Notification): void;
  onDelete(notification: Notification): void;
  observe(element: HTMLElement | null, id: string): void;
}

/** One item: a button that marks it read (its name is the title), and a delete button. */
export const NotificationRow = memo(function NotificationRow({ notification, now, position, setSize, top, onOpen, onDelete, observe }: Props) {
  const appearance = typeAppearance[notification.type];
  const unread = !notification.isRead;
  const id = notification.id;
  // A stable ref callback: React calls it only when the row mounts or unmounts, not on every render.
  const ref = useCallback((element: HTMLLIElement | null) => observe(element, id), [observe, id]);
  return (
    <li
      className={`notification ${unread ? 'is-unread' : 'is-read'}`}
      style={{ transform: `translateY(${top}px)` }}
      aria-posinset={position}
      aria-setsize={setSize}
      data-testid="notification-item"
      data-id={notification.id}
      data-unread={unread}
      ref={ref}
    >
      <button type="button" className="notification-main" onClick={() => onOpen(notification)}>
        <span className={`type-icon type-${appearance.colour}`} aria-hidden="true">
          {appearance.icon}
        </span>
        <span className="notification-text">
          <span className="notification-title">{notification.title}</span>
          {notification.content ? <span className="notification-content">{notification.content}</span> : null}
          <span className="notification-meta">
            <span className="visually-hidden">{appearance.label}, </span>
            <span aria-hidden="true" className={`type-label type-text-${appearance.colour}`}>
              {appearance.label}
            </span>
            {' · '}
            <time dateTime={notification.createdAt} title={new Date(notification.createdAt).toLocaleString()}>
              {formatRelativeTime(notification.createdAt, now)}
            </time>
            {unread ? <span className="visually-hidden">, unread</span> : null}
          </span>
        </span>
        {unread ? <span className="unread-dot" aria-hidden="true" /> : null}
      </button>
      <button type="button" className="notification-delete" aria-label={`Delete: ${notification.title}`} onClick={() => onDelete(notification)}>
        🗑
      </button>
    </li>
  );
});
