import type { LockManagerLike } from '../../src/tabs.js';

/**
 * Web Locks (exclusive mode) within one process, so that several "tabs" can run in one Node
 * test: a held lock is released when its callback's promise settles; waiting requests are granted
 * in order; `ifAvailable` gets null when it is held; `signal` takes a request out of the queue.
 */
export class MemoryLocks implements LockManagerLike {
  private readonly held = new Set<string>();
  private readonly queues = new Map<string, { grant: () => void; signal?: AbortSignal }[]>();

  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown> {
    if (options.signal?.aborted) return Promise.reject(abortError());
    if (!this.held.has(name)) return this.run(name, callback);
    if (options.ifAvailable) return Promise.resolve().then(() => callback(null));
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          this.run(name, callback).then(resolve, reject);
        },
        signal: options.signal,
      };
      const queue = this.queues.get(name) ?? [];
      queue.push(entry);
      this.queues.set(name, queue);
      options.signal?.addEventListener(
        'abort',
        () => {
          const index = queue.indexOf(entry);
          if (index >= 0) {
            queue.splice(index, 1);
            reject(abortError());
          }
        },
        { once: true },
      );
    });
  }

  isHeld(name: string): boolean {
    return this.held.has(name);
  }

  private run(name: string, callback: (lock: unknown) => unknown): Promise<unknown> {
    this.held.add(name);
    return Promise.resolve()
      .then(() => callback({ name, mode: 'exclusive' }))
      .finally(() => {
        this.held.delete(name);
        const next = this.queues.get(name)?.shift();
        next?.grant();
      });
  }
}

function abortError(): Error {
  const error = new Error('The request was aborted.');
  error.name = 'AbortError';
  return error;
}
