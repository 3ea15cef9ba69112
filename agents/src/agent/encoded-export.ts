import type { OtlpExporter } from '../otlp/otlp-exporter.js';
import { ExportQueue, type ExportQueueDeps } from './export-queue.js';

/** An export request as sent (encoded, compressed) and the data points or spans it carries. */
export interface EncodedBatch {
  body: Uint8Array;
  items: number;
}

export type EncodedExportDeps = Omit<ExportQueueDeps<EncodedBatch>, 'exporter' | 'countItems'>;

/**
 * The send side of one signal. Each collected request is encoded and compressed as soon as it is built, and only
 * its bytes are buffered and resent: a 500-point histogram batch is ~1.5 MB as objects, ~120 KB encoded and ~15 KB
 * gzipped, so the objects die young and 60 batches waiting for an unreachable endpoint hold ~1 MB, not ~90 MB.
 */
export class EncodedExport<R> {
  readonly #queue: ExportQueue<EncodedBatch>;

  constructor(
    private readonly exporter: OtlpExporter<R>,
    deps: EncodedExportDeps,
  ) {
    this.#queue = new ExportQueue<EncodedBatch>({
      ...deps,
      exporter: { export: (batch) => exporter.send(batch.body) },
      countItems: (batch) => batch.items,
    });
  }

  get bufferedBatches(): number {
    return this.#queue.bufferedBatches;
  }

  /** Encodes and compresses `request` (`items` data points or spans) and buffers the bytes; never rejects. */
  async add(request: R, items: number): Promise<void> {
    let body: Uint8Array;
    try {
      body = await this.exporter.prepare(request);
    } catch (err) {
      this.#queue.reject(items, `could not encode the batch: ${(err as Error)?.message ?? err}`);
      return;
    }
    this.#queue.enqueue({ body, items });
  }

  /**
   * Buffers a request encoded elsewhere (`items` data points or spans), compressing it first. `encoded` may be a
   * view of a buffer the caller reuses once this settles: it is copied when kept uncompressed. Never rejects.
   */
  async addEncoded(encoded: Uint8Array, items: number): Promise<void> {
    let body: Uint8Array;
    try {
      body = await this.exporter.compress(encoded);
    } catch (err) {
      this.#queue.reject(items, `could not compress the batch: ${(err as Error)?.message ?? err}`);
      return;
    }
    // new Uint8Array(view) copies (a Buffer's slice() would not).
    this.#queue.enqueue({ body: body === encoded ? new Uint8Array(encoded) : body, items });
  }

  /** Sends what is buffered (see ExportQueue.drain); never rejects. */
  drain(): Promise<void> {
    return this.#queue.drain();
  }
}
