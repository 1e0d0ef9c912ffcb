// HS256 JSON Web Tokens with node's crypto only: the service's token rules (API.md, Authentication).
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64url = (buffer) => Buffer.from(buffer).toString('base64url');

/** Mints a token like the load tools do: sub, role (array), iss, aud, iat, nbf, exp. */
export function mint(key, { sub, roles = [], issuer = 'notifications', audience = 'notifications', lifetimeSeconds = 6 * 3600 }) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = { sub, iss: issuer, aud: audience, iat: now, nbf: now - 60, exp: now + lifetimeSeconds };
  if (roles.length > 0) payload.role = roles;
  const body = `${header}.${b64url(JSON.stringify(payload))}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

/**
 * Verifies signature (HS256 only), issuer, audience, exp (and nbf) with at most 5 minutes of skew,
 * and that sub is a user id string. Returns { sub, roles } or null.
 */
export function verify(key, token, { issuer = 'notifications', audience = 'notifications', skewSeconds = 300 } = {}) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    if (header?.alg !== 'HS256') return null;
    const expected = createHmac('sha256', key).update(`${parts[0]}.${parts[1]}`).digest();
    const actual = Buffer.from(parts[2], 'base64url');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
    const p = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    const now = Date.now() / 1000;
    if (p.iss !== issuer) return null;
    if (!(p.aud === audience || (Array.isArray(p.aud) && p.aud.includes(audience)))) return null;
    if (typeof p.exp !== 'number' || p.exp + skewSeconds < now) return null;
    if (typeof p.nbf === 'number' && p.nbf - skewSeconds > now) return null;
    if (typeof p.sub !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(p.sub)) return null;
    const roles = Array.isArray(p.role) ? p.role : typeof p.role === 'string' ? [p.role] : [];
    return { sub: p.sub, roles };
  } catch {
    return null;
  }
}
