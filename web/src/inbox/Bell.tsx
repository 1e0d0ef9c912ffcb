import { useCallback, useId, useRef, useState } from 'react';
import { useInbox } from '../session/SessionContext';
import { NotificationPopover } from './NotificationPopover';

/** The bell: its name carries the exact unread count; the badge may abbreviate it. */
export function Bell() {
  const unread = useInbox((state) => state.counts?.unread ?? 0);
  // Busy until the service's counts and the first page are in (screen readers may wait; tests do).
  const busy = useInbox((state) => state.counts === null || state.loading || state.fromCache);
  const [open, setOpen] = useState(false);
  const bell = useRef<HTMLButtonElement>(null);
  const popoverId = useId();
  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) bell.current?.focus();
  }, []);

  return (
    <div className="bell-anchor">
      <button
        ref={bell}
        type="button"
        className="bell"
        data-bell
        aria-label={`Notifications, ${unread} unread`}
        aria-expanded={open}
        aria-haspopup="dialog"
        aria-busy={busy}
        aria-controls={open ? popoverId : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        <span aria-hidden="true">🔔</span>
        {unread > 0 ? (
          <span className="badge" aria-hidden="true" data-testid="badge">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? <NotificationPopover id={popoverId} onClose={close} /> : null}
    </div>
  );
}
