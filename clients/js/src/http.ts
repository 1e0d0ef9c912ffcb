/**
 * Typed REST calls to the service: token per request, timeout, retries of safe requests only,
 * and one circuit breaker shared by every call of the client.
 */
import { CircuitBreaker } from './breaker.js';
import { delay } from './clock.js';
import type { ProblemDetails } from './types.js';

export type HttpMethod = 'GET' | 'PATCH' | 'DELETE' | 'PUT' | 'POST';

/** Why a request did not succeed. `status` is set when the server answered. */
export type RequestFailure = 'status' | 'network' | 'timeout' | 'breaker-open' | 'aborted';

export class RequestError extends Error {
  readonly failure: RequestFailure;
  readonly status: number | undefined;
  readonly problem: ProblemDetails | undefined;
  /** From a 429/503 `Retry-After` header, in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(
    failure: RequestFailure,
    message: string,
    details: { status?: number; problem?: ProblemDetails; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'RequestError';
    this.failure = failure;
    this.status = details.status;
    this.problem = details.problem;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** Worth another attempt: the service (or the way to it) failed, not the request. */
  get transient(): boolean {
    if (this.failure === 'network' || this.failure === 'timeout') return true;
    if (this.failure !== 'status' || this.status === undefined) return false;
    return this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** Only these are retried: GET, PATCH (read / read-all are idempotent) and DELETE. Never POST or PUT. */
export function isRetriedMethod(method: HttpMethod): boolean {
  return method === 'GET' || method === 'PATCH' || method === 'DELETE';
}

export interface HttpOptions {
  baseUrl: string;
  getToken: () => string | Promise<string>;
  retryDelaysMs: readonly number[];
  requestTimeoutMs: number;
  breaker: CircuitBreaker;
  /** Aborts waits and requests when the client stops. */
  signal: AbortSignal;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A POST the contract makes idempotent (taking the same action again answers the same): retried like a PATCH. */
  idempotent?: boolean;
}

export class HttpClient {
  constructor(private readonly options: HttpOptions) {}

  /** Sends the request; retries transient failures of safe methods with the configured delays. */
  async request<T>(method: HttpMethod, path: string, request: RequestOptions = {}): Promise<T> {
    const delays = isRetriedMethod(method) || request.idempotent ? this.options.retryDelaysMs : [];
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt<T>(method, path, request);
      } catch (error) {
        const failure = asRequestError(error);
        const retryDelay = delays[attempt];
        if (!failure.transient || retryDelay === undefined || this.options.signal.aborted) throw failure;
        // 429 / 503 say when to come back: never sooner than that.
        try {
          await delay(Math.max(retryDelay, failure.retryAfterMs ?? 0), this.options.signal);
        } catch {
          throw new RequestError('aborted', 'the client was stopped');
        }
      }
    }
  }

  /** One attempt through the breaker. */
  private async attempt<T>(method: HttpMethod, path: string, request: RequestOptions): Promise<T> {
    const { breaker, signal } = this.options;
    if (signal.aborted) throw new RequestError('aborted', 'the client was stopped');
    if (!breaker.tryAcquire()) {
      throw new RequestError('breaker-open', 'the circuit breaker is open: the service failed too often');
    }
    let outcome: RequestError | undefined;
    try {
      return await this.send<T>(method, path, request);
    } catch (error) {
      outcome = asRequestError(error);
      throw outcome;
    } finally {
      // Only failures of the service count against it; a 404 or 400 is a healthy answer.
      if (outcome?.failure !== 'aborted') breaker.record(outcome === undefined || !outcome.transient);
      else breaker.release();
    }
  }

  private async send<T>(method: HttpMethod, path: string, request: RequestOptions): Promise<T> {
    const { baseUrl, getToken, requestTimeoutMs, signal } = this.options;
    const url = baseUrl + path + queryString(request.query);
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = await getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    const timeout = new AbortController();
    const onStop = () => timeout.abort();
    signal.addEventListener('abort', onStop, { once: true });
    const timer = setTimeout(() => timeout.abort(), requestTimeoutMs);
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal: timeout.signal });
    } catch (error) {
      if (signal.aborted) throw new RequestError('aborted', 'the client was stopped');
      if (timeout.signal.aborted) throw new RequestError('timeout', `${method} ${path} timed out after ${requestTimeoutMs} ms`);
      throw new RequestError('network', `${method} ${path} failed: ${errorMessage(error)}`);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onStop);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new RequestError('network', `${method} ${path}: the answer broke off: ${errorMessage(error)}`);
    }
    if (!response.ok) {
      const problem = parseProblem(text);
      const detail = problem?.detail ?? problem?.title ?? response.statusText;
      throw new RequestError('status', `${method} ${path} answered ${response.status}${detail ? `: ${detail}` : ''}`, {
        status: response.status,
        problem,
        retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')),
      });
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}

function asRequestError(error: unknown): RequestError {
  return error instanceof RequestError ? error : new RequestError('network', errorMessage(error));
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseProblem(text: string): ProblemDetails | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as ProblemDetails) : undefined;
  } catch {
    return undefined;
  }
}

/** `Retry-After` is seconds or an HTTP date. */
export function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
