import type { Arrival, InboxError } from '@notifications/client';
import type { ToastInput } from './toastStore';

/**
 * Which toasts an arrival shows: none for silent notifications (created in do-not-disturb), one
 * per notification for a single push, one summary when several arrive at once (a catch-up or a
 * poll after being offline). Urgent ones are announced assertively.
 */
export function toastsForArrival(arrival: Arrival): ToastInput[] {
  const shown = arrival.notifications.filter((notification) => !notification.silent);
  const urgent = shown.some((notification) => notification.priority === 'urgent');
  if (shown.length === 0) return [];
  if (shown.length === 1) {
    const [notification] = shown as [(typeof shown)[number]];
    return [{ kind: urgent ? 'urgent' : 'info', title: notification.title, detail: notification.content ?? undefined }];
  }
  return [{ kind: urgent ? 'urgent' : 'info', title: `${shown.length} new notifications` }];
}

/** Errors the user must hear about at once; list-load and preference errors are shown in place. */
export function toastForError(error: InboxError): ToastInput | null {
  switch (error.kind) {
    case 'rollback':
      switch (error.status) {
        case 404:
          // An action can be gone while its notification is not (a replacement by collapse key
          // brought other actions): the library fetches it again and the row shows what it offers now.
          if (error.change === 'takeAction') return { kind: 'error', title: 'That choice is no longer offered', detail: 'The notification shows what it offers now.' };
          // Otherwise it is gone on the server (deleted elsewhere, expired): the library drops it.
          return { kind: 'error', title: 'That notification no longer exists', detail: 'It was removed from the list.' };
        case 409:
          // Only taking an action conflicts: another was chosen (on another device); the library fetches which.
          return { kind: 'error', title: 'Another choice was already made for that notification', detail: 'Yours was not recorded.' };
        default:
          return { kind: 'error', title: 'That change could not be saved and was undone', detail: error.message };
      }
    case 'auth':
      return { kind: 'error', title: 'You are signed out', detail: error.message };
    default:
      return null;
  }
}
