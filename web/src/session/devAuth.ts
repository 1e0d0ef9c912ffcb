import { apiBaseUrl } from '../config';

/**
 * Mints a token with the service's Development-only `POST /dev/token`. The reference app has no
 * identity provider: in any other environment that route is a 404 and signing in fails visibly.
 */
export async function fetchDevToken(userId: string, roles: string[] = []): Promise<string> {
  const response = await fetch(`${apiBaseUrl}/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId, roles }),
  });
  if (!response.ok) {
    throw new Error(
      response.status === 404
        ? 'POST /dev/token is not available: the service is not running in Development.'
        : `POST /dev/token answered ${response.status}.`,
    );
  }
  const body = (await response.json()) as { token: string };
  return body.token;
}

const tokenKey = (userId: string) => `notifications:web:token:${userId}`;
/** A stored token is reused only while it has at least this long to live. */
const minimumLifetimeMs = 5 * 60_000;

/**
 * The user's token, kept in this tab's sessionStorage so that a reload signs in again without the
 * service (it may be down: the page then shows the library's cache and reconnects later).
 */
export async function signInToken(userId: string): Promise<string> {
  const stored = readStoredToken(userId);
  if (stored) return stored;
  const token = await fetchDevToken(userId);
  try {
    sessionStorage.setItem(tokenKey(userId), token);
  } catch {
    // no storage: sign in again after a reload
  }
  return token;
}

function readStoredToken(userId: string): string | null {
  try {
    const token = sessionStorage.getItem(tokenKey(userId));
    if (!token) return null;
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return typeof payload.exp === 'number' && payload.exp * 1000 - Date.now() > minimumLifetimeMs ? token : null;
  } catch {
    return null;
  }
}

/** The `?user=` of the page, if it is a valid user id (API.md: 1–64 of [A-Za-z0-9_-]). */
export function userFromLocation(search: string): string | null {
  const user = new URLSearchParams(search).get('user');
  return user !== null && isUserId(user) ? user : null;
}

export function isUserId(value: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(value);
}
