import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { OverloadedError } from '../../ingest/overloaded-error.js';
import type { FinestPart } from './point-writer.js';

/** The SQL the thread runs, from PointWriter, so both write paths store rows identically. */
export interface FinestWriterSql {
  appendOne: string;
  appendMany: string;
  partsPerInsert: number;
  selectSeq: string;
  updateSeq: string;
  markPending: string;
  upsertLatest: string;
}

export interface FinestWriterThreadOptions {
  /** The database file (WAL): the thread opens its own connection to it. */
  path: string;
  sql: FinestWriterSql;
  /** Points accepted but not yet committed, beyond which append() throws OverloadedError (answered 503). */
  maxQueuedPoints: number;
  /** Retry-After sent when the queue is full, seconds. */
  retryAfterSeconds?: number;
}

/** One committed batch: its write sequence (the part number of its finest rows). */
export interface AppendAck {
  seq: number;
}

/** Doubles per part in the packed batch: startMs, seriesId, count, sum, min, max, last, lastMs (NaN = null). */
const FIELDS = 8;

/**
 * The finest-tier appends on a second core: a worker_thread with its own connection to the WAL file runs each
 * batch's write transaction (next write sequence, the parts as rows, their rollup_pending entries, the newest point
 * time) while the main thread decodes the next requests. Batches are committed one at a time in submission order;
 * append() resolves once its batch is durable, as Store.write promises. Parts travel as two transferred buffers
 * (numbers and histogram bytes), not structured-cloned objects.
 *
 * Bounded: at most `maxQueuedPoints` points wait or commit at once; beyond that append() throws OverloadedError at
 * once (nothing is queued), which the OTLP route answers 503 with Retry-After. `stats().rejected` counts those.
 */
export class FinestWriterThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (ack: AppendAck) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private queuedPoints = 0;
  private rejected = 0;
  private failure: Error | null = null;
  private readonly maxQueuedPoints: number;
  private readonly retryAfterSeconds: number;

  constructor({ path, sql, maxQueuedPoints, retryAfterSeconds = 1 }: FinestWriterThreadOptions) {
    if (!Number.isSafeInteger(maxQueuedPoints) || maxQueuedPoints < 1) {
      throw new RangeError(`maxQueuedPoints must be a positive integer, got ${maxQueuedPoints}`);
    }
    this.maxQueuedPoints = maxQueuedPoints;
    this.retryAfterSeconds = retryAfterSeconds;
    const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
    // Plain JS evaluated in the thread, so it runs the same from TypeScript sources (tests) and from dist.
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, sql, betterSqlite3, fields: FIELDS } });
    this.worker.unref();
    this.worker.on('message', (msg: { id: number; seq?: number; error?: string }) => {
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.error !== undefined) waiter.reject(new Error(`finest-tier write failed: ${msg.error}`));
      else waiter.resolve({ seq: msg.seq as number });
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`finest writer thread exited (${code})`)));
  }

  /** Batches accepted and not yet acknowledged. */
  get inFlight(): number {
    return this.pending.size;
  }

  stats(): { queuedPoints: number; inFlight: number; rejected: number } {
    return { queuedPoints: this.queuedPoints, inFlight: this.pending.size, rejected: this.rejected };
  }

  /**
   * Commits `parts` (one batch) with rollup_pending entries for `pendingStarts` (empty when writing through) and
   * `newestMs` as the newest point time when it is finite. `points` is what the queue bound counts.
   */
  append(parts: readonly FinestPart[], pendingStarts: readonly number[], newestMs: number, points: number) {
    if (this.failure) return Promise.reject(this.failure);
    if (this.queuedPoints > 0 && this.queuedPoints + points > this.maxQueuedPoints) {
      this.rejected += points;
      return Promise.reject(
        new OverloadedError(`the write queue holds ${this.queuedPoints} points; retry later`, this.retryAfterSeconds),
      );
    }
    const numbers = new Float64Array(parts.length * FIELDS);
    const spans = new Int32Array(parts.length * 2);
    let bytes = 0;
    for (const p of parts) bytes += p.hist === null ? 0 : p.hist.length;
    const blobs = new Uint8Array(bytes);
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as FinestPart;
      const o = i * FIELDS;
      numbers[o] = p.startMs;
      numbers[o + 1] = p.seriesId;
      numbers[o + 2] = p.count;
      numbers[o + 3] = p.sum;
      numbers[o + 4] = p.min;
      numbers[o + 5] = p.max;
      numbers[o + 6] = p.last ?? Number.NaN;
      numbers[o + 7] = p.lastMs ?? Number.NaN;
      if (p.hist === null) spans[2 * i] = -1;
      else {
        blobs.set(p.hist, at);
        spans[2 * i] = at;
        spans[2 * i + 1] = p.hist.length;
        at += p.hist.length;
      }
    }
    const id = this.nextId++;
    this.queuedPoints += points;
    return new Promise<AppendAck>((resolve, reject) => {
      const done = () => {
        this.queuedPoints -= points;
      };
      this.pending.set(id, {
        resolve: (ack) => {
          done();
          resolve(ack);
        },
        reject: (err) => {
          done();
          reject(err);
        },
      });
      const starts = Float64Array.from(pendingStarts);
      this.worker.postMessage({ id, numbers, spans, blobs, starts, newestMs }, [
        numbers.buffer,
        spans.buffer,
        blobs.buffer,
        starts.buffer,
      ]);
    });
  }

  /** Resolves when every accepted batch is acknowledged (or failed). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.allSettled([...this.pending.keys()].map((id) => this.waitFor(id)));
    }
  }

  async close(): Promise<void> {
    await this.drain();
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private waitFor(id: number): Promise<void> {
    const waiter = this.pending.get(id);
    if (!waiter) return Promise.resolve();
    return new Promise((resolve) => {
      const { resolve: ok, reject: ko } = waiter;
      waiter.resolve = (ack) => {
        ok(ack);
        resolve();
      };
      waiter.reject = (err) => {
        ko(err);
        resolve();
      };
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const { sql, fields } = workerData;
const db = new Database(workerData.path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const appendOne = db.prepare(sql.appendOne);
const appendMany = db.prepare(sql.appendMany);
const selectSeq = db.prepare(sql.selectSeq).pluck();
const updateSeq = db.prepare(sql.updateSeq);
const markPending = db.prepare(sql.markPending);
const upsertLatest = db.prepare(sql.upsertLatest);
const args = [];
function push(numbers, spans, blobs, i, seq) {
  const o = i * fields;
  const last = numbers[o + 6];
  const lastMs = numbers[o + 7];
  const at = spans[2 * i];
  const hist = at < 0 ? null : Buffer.from(blobs.buffer, blobs.byteOffset + at, spans[2 * i + 1]);
  args.push(numbers[o], numbers[o + 1], seq, numbers[o + 2], numbers[o + 3], numbers[o + 4], numbers[o + 5],
    Number.isNaN(last) ? null : last, Number.isNaN(lastMs) ? null : lastMs, hist);
}
const write = db.transaction((m) => {
  const seq = Number(selectSeq.get() ?? 0) + 1;
  updateSeq.run(String(seq));
  const n = m.numbers.length / fields;
  let i = 0;
  for (; i + sql.partsPerInsert <= n; i += sql.partsPerInsert) {
    args.length = 0;
    for (let k = i; k < i + sql.partsPerInsert; k++) push(m.numbers, m.spans, m.blobs, k, seq);
    appendMany.run(args);
  }
  for (; i < n; i++) {
    args.length = 0;
    push(m.numbers, m.spans, m.blobs, i, seq);
    appendOne.run(args);
  }
  for (const start of m.starts) markPending.run(seq, start);
  if (Number.isFinite(m.newestMs)) upsertLatest.run(String(m.newestMs));
  return seq;
});
parentPort.on('message', (m) => {
  try {
    parentPort.postMessage({ id: m.id, seq: write.immediate(m) });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: err && err.message ? err.message : String(err) });
  }
});
`;
