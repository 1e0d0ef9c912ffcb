/**
 * "Mark read when viewed": an item that stays in view for `dwellMs` becomes due; due items are
 * collected for `batchMs` and handed over together, so a screenful read at once goes out as one
 * batch of requests instead of a trickle.
 */
export class ViewedReadTracker {
  private readonly dwellTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly due = new Set<string>();
  private batchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly markBatchRead: (ids: string[]) => void,
    private readonly dwellMs = 2000,
    private readonly batchMs = 300,
  ) {}

  /** The unread item `id` is in view (again). */
  inView(id: string): void {
    if (this.dwellTimers.has(id) || this.due.has(id)) return;
    this.dwellTimers.set(
      id,
      setTimeout(() => {
        this.dwellTimers.delete(id);
        this.due.add(id);
        this.batchTimer ??= setTimeout(() => this.flush(), this.batchMs);
      }, this.dwellMs),
    );
  }

  /** The item left the view (or was read, or unmounted) before its dwell time was over. */
  outOfView(id: string): void {
    const timer = this.dwellTimers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.dwellTimers.delete(id);
  }

  dispose(): void {
    this.dwellTimers.forEach((timer) => clearTimeout(timer));
    this.dwellTimers.clear();
    if (this.batchTimer !== undefined) clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.due.clear();
  }

  private flush(): void {
    this.batchTimer = undefined;
    const ids = [...this.due];
    this.due.clear();
    if (ids.length > 0) this.markBatchRead(ids);
  }
}
