import { ExponentialHistogram } from '@stride/agent';
import type { MetricPoint } from '../../ingest/points.js';
import { bucketStartMs } from '../tiers.js';
import { toBlob } from './blob.js';
import type { FinestPart } from './point-writer.js';

interface Entry {
  seriesId: number;
  startMs: number;
  points: MetricPoint[];
}

/**
 * A write batch's points by finest-tier (bucket, series): usually one point each (one export per series per 10 s),
 * merged into one part when a batch holds several (coalesced requests from instances of one service).
 */
export class FinestBatch {
  private readonly byBucket = new Map<number, Map<number, Entry>>();

  constructor(private readonly stepMs: number) {}

  add(seriesId: number, point: MetricPoint): void {
    const startMs = bucketStartMs(point.timeMs, this.stepMs);
    let bySeries = this.byBucket.get(startMs);
    if (bySeries === undefined) {
      bySeries = new Map();
      this.byBucket.set(startMs, bySeries);
    }
    const entry = bySeries.get(seriesId);
    if (entry === undefined) bySeries.set(seriesId, { seriesId, startMs, points: [point] });
    else entry.points.push(point);
  }

  /** Each distinct bucket start of the batch. */
  forEachStart(visit: (startMs: number) => void): void {
    for (const startMs of this.byBucket.keys()) visit(startMs);
  }

  forEachBucket(visit: (seriesId: number, startMs: number) => void): void {
    for (const [startMs, bySeries] of this.byBucket) for (const seriesId of bySeries.keys()) visit(seriesId, startMs);
  }

  /** The parts, in (bucket, series) order; a lone histogram's encoding is remembered in `encoded` for reuse. */
  parts(encoded: Map<ExponentialHistogram, Buffer>): FinestPart[] {
    const out: FinestPart[] = [];
    for (const startMs of [...this.byBucket.keys()].sort((a, b) => a - b)) {
      const bySeries = this.byBucket.get(startMs) as Map<number, Entry>;
      for (const seriesId of [...bySeries.keys()].sort((a, b) => a - b)) {
        out.push(partOf(bySeries.get(seriesId) as Entry, encoded));
      }
    }
    return out;
  }
}

function partOf({ seriesId, startMs, points }: Entry, encoded: Map<ExponentialHistogram, Buffer>): FinestPart {
  const first = points[0] as MetricPoint;
  // `encoded` before `histogram`: reading `histogram` may decode it (a lazily built ingest point).
  const e = first.encoded;
  if (e !== undefined && points.length === 1) {
    const { count, sum, min, max } = e;
    return { seriesId, startMs, count, sum, min, max, last: null, lastMs: null, hist: toBlob(e.bytes) };
  }
  const h = e === undefined ? first.histogram : undefined;
  if (h !== undefined && points.length === 1) {
    const hist = toBlob(h.encode());
    encoded.set(h, hist);
    return { seriesId, startMs, count: h.count, sum: h.sum, min: h.min, max: h.max, last: null, lastMs: null, hist };
  }
  if (e !== undefined || h !== undefined) {
    const merged = e !== undefined ? ExponentialHistogram.decode(e.bytes) : (h as ExponentialHistogram).clone();
    for (let i = 1; i < points.length; i++) mergePoint(merged, points[i] as MetricPoint);
    const { count, sum, min, max } = merged;
    return { seriesId, startMs, count, sum, min, max, last: null, lastMs: null, hist: toBlob(merged.encode()) };
  }
  const part: FinestPart = {
    seriesId,
    startMs,
    count: 0,
    sum: 0,
    min: Infinity,
    max: -Infinity,
    last: null,
    lastMs: null,
    hist: null,
  };
  for (const p of points) {
    const v = p.value as number;
    part.count++;
    part.sum += v;
    if (v < part.min) part.min = v;
    if (v > part.max) part.max = v;
    if (part.lastMs === null || p.timeMs >= part.lastMs) {
      part.last = v;
      part.lastMs = p.timeMs;
    }
  }
  return part;
}

/** Adds a histogram point into `into`, from its encoding when it has one (no histogram object is built). */
export function mergePoint(into: ExponentialHistogram, point: MetricPoint): void {
  if (point.encoded !== undefined) into.mergeEncoded(point.encoded.bytes);
  else into.merge(point.histogram as ExponentialHistogram);
}
