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

/** The `?user=` of the page, if it is a valid user id (API.md: 1–64 of [A-Za-z0-9_-]). */
export function userFromLocation(search: string): string | null {
  const user = new URLSearchParams(search).get('user');
  return user !== null && isUserId(user) ? user : null;
}

export function isUserId(value: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(value);
}
