import type { PGlite } from '@electric-sql/pglite';

/** Frontend message types (first byte) that end a unit of work the backend answers with ReadyForQuery. */
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const FLUSH = 0x48; // 'H': answers what is pending but the extended query goes on; the session stays pinned
const TERMINATE = 0x58; // 'X'
/** Protocol 3.0 in a startup packet (which has no type byte: length, then this). */
const PROTOCOL_3 = 196_608;

interface Batch {
  handlerId: number;
  bytes: Uint8Array;
  pinsSession: boolean;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

/**
 * Schedules many wire connections onto PGlite's single session, replacing pglite-socket's own per-message queue
 * (which interleaves Parse/Bind/Execute of different connections — "portal "" cannot be run" — and stalls for
 * good after one internal error; electric-sql/pglite#1046). Rules:
 *  - a connection's messages are held until Sync or a simple Query and run as one batch, so an extended query
 *    (Parse, Bind, Describe, Execute, Sync) is never split;
 *  - while the session is inside a transaction (or mid extended query after a Flush) only the connection that
 *    put it there runs; the others queue;
 *  - a failed batch fails that connection only; the queue moves on.
 *
 * Implements the duck-typed queue PGLiteSocketHandler calls (enqueue, clearQueueForHandler,
 * clearTransactionIfNeeded).
 */
export class PgliteSessionQueue {
  private readonly partial = new Map<number, Uint8Array[]>();
  private readonly queue: Batch[] = [];
  /** Connection the session is pinned to (open transaction or unfinished extended query), if any. */
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (isStartupPacket(message)) return this.schedule(handlerId, [message], false, onData);
    const type = message[0];
    // The socket closes right after; forwarding Terminate to the one shared session would end it for everybody.
    if (type === TERMINATE) return Promise.resolve(0);
    const parts = this.partial.get(handlerId) ?? [];
    parts.push(message);
    if (type !== SYNC && type !== QUERY && type !== FLUSH) {
      this.partial.set(handlerId, parts);
      return Promise.resolve(0);
    }
    this.partial.delete(handlerId);
    return this.schedule(handlerId, parts, type === FLUSH, onData);
  }

  clearQueueForHandler(handlerId: number): void {
    this.partial.delete(handlerId);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const batch = this.queue[i];
      if (batch?.handlerId !== handlerId) continue;
      this.queue.splice(i, 1);
      batch.reject(new Error('connection closed'));
    }
  }

  /** A connection that leaves while owning the session takes its open transaction with it. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    this.owner = null;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => {});
    void this.pump();
  }

  private schedule(handlerId: number, parts: Uint8Array[], pinsSession: boolean, onData: (d: Uint8Array) => void) {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ handlerId, bytes: concat(parts), pinsSession, onData, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.queue.findIndex((b) => b.handlerId === this.owner);
        const batch = index === -1 ? undefined : this.queue.splice(index, 1)[0];
        if (!batch) return;
        let written = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(batch.bytes, {
              onRawData: (data) => {
                written += data.length;
                batch.onData(data);
              },
            }),
          );
          this.owner = batch.pinsSession || this.db.isInTransaction() ? batch.handlerId : null;
          batch.resolve(written);
        } catch (err) {
          this.owner = null;
          batch.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

function isStartupPacket(message: Uint8Array): boolean {
  if (message.length < 8) return false;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  return view.getInt32(0) === message.length && view.getInt32(4) === PROTOCOL_3;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
