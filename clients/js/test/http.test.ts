import { describe, expect, it } from 'vitest';
import { RequestError, isRetriedMethod, parseRetryAfter } from '../src/http.js';

describe('http rules', () => {
  it('retries GET, PATCH and DELETE only', () => {
    expect(['GET', 'PATCH', 'DELETE', 'PUT', 'POST'].filter((m) => isRetriedMethod(m as never))).toEqual([
      'GET',
      'PATCH',
      'DELETE',
    ]);
  });

  it('transient: network, timeout, 408, 429, 5xx; not other 4xx, not an open breaker', () => {
    const status = (code: number) => new RequestError('status', '', { status: code }).transient;
    expect([408, 429, 500, 502, 503].map(status)).toEqual([true, true, true, true, true]);
    expect([400, 401, 403, 404, 409, 413].map(status)).toEqual([false, false, false, false, false, false]);
    expect(new RequestError('network', '').transient).toBe(true);
    expect(new RequestError('timeout', '').transient).toBe(true);
    expect(new RequestError('breaker-open', '').transient).toBe(false);
    expect(new RequestError('aborted', '').transient).toBe(false);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    expect(parseRetryAfter(inTwoSeconds)).toBeGreaterThan(500);
    expect(parseRetryAfter(inTwoSeconds)).toBeLessThanOrEqual(2000);
  });
});
