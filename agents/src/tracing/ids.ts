import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/**
 * W3C trace ids (16 random bytes, 32 lowercase hex) and span ids (8 bytes, 16 hex), cut from a pool of random
 * bytes refilled 4 KiB at a time, so an id costs a slice and a hex encode rather than a syscall. All-zero ids are
 * invalid in W3C Trace Context and are redrawn.
 */
export class IdGenerator {
  readonly #pool = Buffer.allocUnsafe(POOL_BYTES);
  #offset = POOL_BYTES;

  traceId(): string {
    let id = this.#take(16);
    while (id === ZERO_TRACE_ID) id = this.#take(16);
    return id;
  }

  spanId(): string {
    let id = this.#take(8);
    while (id === ZERO_SPAN_ID) id = this.#take(8);
    return id;
  }

  #take(bytes: number): string {
    if (this.#offset + bytes > POOL_BYTES) {
      randomFillSync(this.#pool);
      this.#offset = 0;
    }
    const id = this.#pool.toString('hex', this.#offset, this.#offset + bytes);
    this.#offset += bytes;
    return id;
  }
}
