import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { Notification } from '@notifications/client';
import { typeAppearance } from '../notificationTypes';
import { formatRelativeTime } from '../relativeTime';
import { snoozeChoices } from '../time/choices';
import { formatInZone } from '../time/zonedTime';

/** What a row can ask the library to do; one stable object for every row. */
export interface RowCommands {
  open(notification: Notification): void;
  remove(notification: Notification): void;
  archive(notification: Notification): void;
  unarchive(notification: Notification): void;
  snooze(notification: Notification, until: Date): void;
  unsnooze(notification: Notification): void;
  takeAction(notification: Notification, actionId: string): void;
}

interface Props {
  notification: Notification;
  now: number;
  position: number;
  setSize: number;
  top: number;
  /** Unseen when the bell opened (or since): highlighted as new. */
  isNew: boolean;
  /** The do-not-disturb time zone: "tomorrow 9:00" is on its wall clock. */
  timeZone: string;
  commands: RowCommands;
  observe(element: HTMLElement | null, id: string): void;
}

/**
 * One item: a button that marks it read (its name is the title and what the row says about it),
 * its actions (the producer's buttons), and archive / snooze / delete.
 */
export const NotificationRow = memo(function NotificationRow({ notification, now, position, setSize, top, isNew, timeZone, commands, observe }: Props) {
  const appearance = typeAppearance[notification.type];
  const unread = !notification.isRead;
  const archived = notification.archivedAt !== null;
  const snoozedUntil = notification.snoozedUntil;
  const id = notification.id;
  const [choosingSnooze, setChoosingSnooze] = useState(false);
  // A stable ref callback: React calls it only when the row mounts or unmounts, not on every render.
  const ref = useCallback((element: HTMLLIElement | null) => observe(element, id), [observe, id]);
  return (
    <li
      className={`notification ${unread ? 'is-unread' : 'is-read'}${isNew ? ' is-new' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      aria-posinset={position}
      aria-setsize={setSize}
      data-testid="notification-item"
      data-id={notification.id}
      data-unread={unread}
      data-new={isNew}
      ref={ref}
    >
      <div className="notification-line">
        <button type="button" className="notification-main" onClick={() => commands.open(notification)}>
          <span className={`type-icon type-${appearance.colour}`} aria-hidden="true">
            {appearance.icon}
          </span>
          <span className="notification-text">
            <span className="notification-heading">
              {isNew ? <span className="new-label">New</span> : null}
              <span className="notification-title">{notification.title}</span>
              {notification.collapsedCount > 1 ? <CollapsedCount count={notification.collapsedCount} /> : null}
            </span>
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
              {snoozedUntil ? (
                <>
                  {' · '}
                  <span className="snoozed-until">Snoozed until {formatInZone(new Date(snoozedUntil), timeZone)}</span>
                </>
              ) : null}
              {unread ? <span className="visually-hidden">, unread</span> : null}
            </span>
          </span>
          {unread ? <span className="unread-dot" aria-hidden="true" /> : null}
        </button>
        <span className="notification-tools">
          {archived ? (
            <ToolButton label={`Unarchive: ${notification.title}`} icon="📤" onClick={() => commands.unarchive(notification)} />
          ) : (
            <ToolButton label={`Archive: ${notification.title}`} icon="📥" onClick={() => commands.archive(notification)} />
          )}
          {snoozedUntil ? (
            <ToolButton label={`Unsnooze: ${notification.title}`} icon="⏰" onClick={() => commands.unsnooze(notification)} />
          ) : archived ? null : (
            <ToolButton
              label={`Snooze: ${notification.title}`}
              icon="💤"
              expanded={choosingSnooze}
              onClick={() => setChoosingSnooze((value) => !value)}
            />
          )}
          <ToolButton label={`Delete: ${notification.title}`} icon="🗑" onClick={() => commands.remove(notification)} />
        </span>
      </div>
      {choosingSnooze ? (
        <SnoozeChoices
          title={notification.title}
          timeZone={timeZone}
          onChoose={(until) => {
            setChoosingSnooze(false);
            commands.snooze(notification, until);
          }}
          onCancel={() => setChoosingSnooze(false)}
        />
      ) : notification.actions.length > 0 ? (
        <Actions notification={notification} onChoose={(actionId) => commands.takeAction(notification, actionId)} />
      ) : null}
    </li>
  );
});

/** "3 ×": how many creates this one stands for (collapsed by the producer's key). */
function CollapsedCount({ count }: { count: number }) {
  return (
    <span className="collapsed-count">
      <span aria-hidden="true">{count} ×</span>
      <span className="visually-hidden">({count} notifications in one)</span>
    </span>
  );
}

function ToolButton({ label, icon, expanded, onClick }: { label: string; icon: string; expanded?: boolean; onClick(): void }) {
  return (
    <button type="button" className="notification-tool" aria-label={label} title={label} aria-expanded={expanded} onClick={onClick}>
      <span aria-hidden="true">{icon}</span>
    </button>
  );
}

/** The producer's buttons. Once one is taken it is marked (pressed) and none can be taken again. */
function Actions({ notification, onChoose }: { notification: Notification; onChoose(actionId: string): void }) {
  const taken = notification.actedAction;
  return (
    <div className="notification-actions" role="group" aria-label={`Actions: ${notification.title}`}>
      {notification.actions.map((action) => (
        <button
          key={action.id}
          type="button"
          className={`notification-action${taken === action.id ? ' is-taken' : ''}`}
          aria-pressed={taken === action.id}
          disabled={taken !== null}
          onClick={() => {
            onChoose(action.id);
            // A link action opens its page too; the choice is recorded either way.
            if (action.url) window.open(action.url, '_blank', 'noopener');
          }}
        >
          {taken === action.id ? <span aria-hidden="true">✓ </span> : null}
          {action.label}
        </button>
      ))}
    </div>
  );
}

/** Inline snooze choices (a menu would be clipped by the scrolling list); Escape cancels. */
function SnoozeChoices({ title, timeZone, onChoose, onCancel }: { title: string; timeZone: string; onChoose(until: Date): void; onCancel(): void }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const choices = snoozeChoices(timeZone, new Date());
  return (
    <div
      className="notification-actions snooze-choices"
      role="group"
      aria-label={`Snooze ${title} until`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation(); // closes the choices, not the popover
          onCancel();
        }
      }}
    >
      {choices.map((choice, index) => (
        <button
          key={choice.label}
          ref={index === 0 ? first : undefined}
          type="button"
          className="notification-action"
          title={formatInZone(choice.until, timeZone)}
          onClick={() => onChoose(choice.until)}
        >
          {choice.label}
        </button>
      ))}
      <button type="button" className="notification-action" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
