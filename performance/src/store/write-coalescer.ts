/**
 * Group commit: write() calls made in the same event-loop turn (e.g. several OTLP requests finishing together) are
 * run as one batch on the next turn. For SQLite that means one transaction and one WAL commit for all of them,
 * and one merge + encode per (tier, series, bucket) instead of one per call: the coarse 1 m / 1 h rows, which every
 * flush of every instance touches, are rewritten once per batch.
 *
 * Each caller still gets its own result. A batch is all-or-nothing: if it throws, every call in it rejects.
 */
export class WriteCoalescer<T, R> {
  private queue: { input: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly run: (inputs: T[]) => R[]) {}

  submit(input: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Runs everything queued now (also called by close() so no accepted write is lost). */
  flush(): void {
    this.scheduled = false;
    const calls = this.queue;
    if (calls.length === 0) return;
    this.queue = [];
    let results: R[];
    try {
      results = this.run(calls.map((c) => c.input));
    } catch (err) {
      for (const c of calls) c.reject(err);
      return;
    }
    for (const [i, c] of calls.entries()) c.resolve(results[i] as R);
  }
}
