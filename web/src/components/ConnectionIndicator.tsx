import type { ConnectionStatus } from '@notifications/client';
import { useInbox } from '../session/SessionContext';

const labels: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  polling: 'Offline, polling',
  stopped: 'Stopped',
};

/** The connection state in words (the dot's colour only repeats it). */
export function ConnectionIndicator() {
  const status = useInbox((state) => state.status);
  const isLeader = useInbox((state) => state.isLeader);
  return (
    <p className={`connection connection-${status}`} data-testid="connection-status" data-status={status} aria-live="polite">
      <span className="connection-dot" aria-hidden="true" />
      <span>
        Connection: <span className="connection-label">{labels[status]}</span>
      </span>
      {status === 'live' && !isLeader ? <span className="connection-note"> (shared with another tab)</span> : null}
    </p>
  );
}
