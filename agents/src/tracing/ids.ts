import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 1024;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/**
 * W3C trace ids (16 random bytes, 32 lowercase hex) and span ids (8 bytes, 16 hex), cut from a pool of random
 * bytes refilled and hex-encoded 1 KiB at a time: an id is then a slice of that 2 KiB hex string (V8 shares the
 * characters rather than copying them), so it costs neither a syscall nor an encode. A held id keeps its 2 KiB pool
 * string alive, which bounds what the tail sampler's few hundred held traces can pin to well under a megabyte.
 * All-zero ids are invalid in W3C Trace Context and are redrawn.
 */
export class IdGenerator {
  readonly #pool = Buffer.allocUnsafe(POOL_BYTES);
  #hex = '';
  #offset = 0;

  traceId(): string {
    let id = this.#take(32);
    while (id === ZERO_TRACE_ID) id = this.#take(32);
    return id;
  }

  spanId(): string {
    let id = this.#take(16);
    while (id === ZERO_SPAN_ID) id = this.#take(16);
    return id;
  }

  #take(chars: number): string {
    if (this.#offset + chars > this.#hex.length) {
      randomFillSync(this.#pool);
      this.#hex = this.#pool.toString('hex');
      this.#offset = 0;
    }
    const id = this.#hex.slice(this.#offset, this.#offset + chars);
    this.#offset += chars;
    return id;
  }
}
