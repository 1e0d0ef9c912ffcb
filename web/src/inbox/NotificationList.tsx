import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Notification } from '@notifications/client';
import { useStore } from 'zustand';
import { useDndTimeZone, useInbox, useSession } from '../session/SessionContext';
import { useNow } from '../relativeTime';
import { NotificationRow, type RowCommands } from './NotificationRow';
import { uiPreferences } from './uiPreferences';
import { ViewedReadTracker } from './viewedReadTracker';

/** Every row has this height (room for a line of action buttons), which is what lets the list render only the rows in view. */
export const rowHeight = 104;
/** Rows rendered above and below the visible ones, so keyboard focus and fast scrolling find a row. */
const overscan = 6;
/** Ask for the next page when the last rendered row is this close to the end of what is loaded. */
const loadMoreThreshold = 15;

/**
 * The virtualized list: only the rows in view (plus a few) are in the DOM, positioned inside a
 * spacer as tall as all loaded items; scrolling near the end loads the next page.
 */
export function NotificationList({ isNew }: { isNew(notification: Notification): boolean }) {
  const { client } = useSession();
  const timeZone = useDndTimeZone();
  const items = useInbox((state) => state.items);
  const hasMore = useInbox((state) => state.hasMore);
  const loading = useInbox((state) => state.loading);
  const markReadWhenViewed = useStore(uiPreferences, (state) => state.markReadWhenViewed);
  const now = useNow();

  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(480);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const resize = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    resize.observe(element);
    setViewportHeight(element.clientHeight);
    return () => resize.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);

  useEffect(() => {
    if (hasMore && !loading && last >= items.length - loadMoreThreshold) void client.loadMore();
  }, [client, hasMore, loading, last, items.length]);

  const observe = useViewedRead(viewport, markReadWhenViewed);

  // Every change goes to the library, which applies it at once and rolls it back on refusal.
  const commands = useMemo<RowCommands>(
    () => ({
      open: (notification) => {
        if (!notification.isRead) void client.markRead(notification.id);
      },
      remove: (notification) => void client.remove(notification.id),
      archive: (notification) => void client.archive(notification.id),
      unarchive: (notification) => void client.unarchive(notification.id),
      snooze: (notification, until) => void client.snooze(notification.id, until),
      unsnooze: (notification) => void client.unsnooze(notification.id),
      takeAction: (notification, actionId) => void client.takeAction(notification.id, actionId),
    }),
    [client],
  );

  const rows = items.slice(first, last);
  return (
    <div className="list-viewport" ref={viewport} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)} data-testid="notification-list">
      <ul className="list-spacer" style={{ height: items.length * rowHeight }} aria-label="Notifications" aria-busy={loading}>
        {rows.map((notification, index) => (
          <NotificationRow
            key={notification.id}
            notification={notification}
            now={now}
            position={first + index + 1}
            setSize={hasMore ? -1 : items.length}
            top={(first + index) * rowHeight}
            isNew={isNew(notification)}
            timeZone={timeZone}
            commands={commands}
            observe={observe}
          />
        ))}
      </ul>
      {loading ? <p className="list-loading">Loading…</p> : null}
      {!hasMore && items.length > 0 ? <p className="list-end">That is everything.</p> : null}
    </div>
  );
}

/**
 * Observes rendered rows when "mark read when viewed" is on: an unread row at least half in view
 * for 2 s is marked read; the due ones are sent together.
 */
function useViewedRead(viewport: React.RefObject<HTMLDivElement | null>, enabled: boolean) {
  const { client } = useSession();
  const elements = useRef(new Map<string, HTMLElement>());
  const observer = useRef<IntersectionObserver | null>(null);
  const tracker = useRef<ViewedReadTracker | null>(null);

  useEffect(() => {
    if (!enabled || !viewport.current) return;
    const dwell = new ViewedReadTracker((ids) => {
      // No bulk "mark these ids read" endpoint exists (API.md): one batch of parallel requests.
      for (const id of ids) void client.markRead(id);
    });
    tracker.current = dwell;
    const intersection = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const element = entry.target as HTMLElement;
          const id = element.dataset.id;
          if (!id) continue;
          if (entry.isIntersecting && element.dataset.unread === 'true') dwell.inView(id);
          else dwell.outOfView(id);
        }
      },
      { root: viewport.current, threshold: 0.5 },
    );
    observer.current = intersection;
    elements.current.forEach((element) => intersection.observe(element));
    return () => {
      observer.current = null;
      tracker.current = null;
      intersection.disconnect();
      dwell.dispose();
    };
  }, [enabled, client, viewport]);

  return useCallback((element: HTMLElement | null, id: string) => {
    const previous = elements.current.get(id);
    if (previous && previous !== element) {
      // The row scrolled out of the rendered window (or was removed): its dwell time starts over.
      observer.current?.unobserve(previous);
      tracker.current?.outOfView(id);
      elements.current.delete(id);
    }
    if (element && previous !== element) {
      elements.current.set(id, element);
      observer.current?.observe(element);
    }
  }, []);
}
