import {
  ExponentialHistogram,
  type OtlpKeyValue,
  type OtlpMetric,
  type OtlpResourceMetrics,
  type OtlpScope,
} from '@stride/agent';
import { toAttributeRecord } from './attributes.js';
import {
  type ConversionResult,
  type ConvertOptions,
  checkMetric,
  checkTime,
  convertMetric,
  convertPoint,
  describe,
  FLAG_NO_RECORDED_VALUE,
  type MetricContext,
  type PointContext,
  resourceIdentity,
  scopeIdentity,
  serviceName,
} from './convert-metrics.js';
import { BlobSlab } from './encode-exponential.js';
import { WirePoint } from './exponential-wire.js';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from './ingest-limits.js';
import { METRIC_KINDS } from './metric-kinds.js';
import { decodePart } from './otlp-protobuf.js';
import type { EncodedHistogram, MetricPoint, SeriesDescriptor } from './points.js';
import { ResourceNotifier } from './resource-identity.js';
import type { SeriesCache } from './series-cache.js';
import { BAIL, WireCursor } from './wire-cursor.js';
import { wirePointHistogram } from './wire-point-histogram.js';

export interface FastConvertOptions extends ConvertOptions {
  /** Descriptors of series seen before, shared across requests (one per router: it assumes fixed limits). */
  seriesCache: SeriesCache;
}

const CUMULATIVE = 2;

/** An exponential-histogram point stored from its encoding; the histogram object is only built if read. */
class EncodedHistogramPoint implements MetricPoint {
  #histogram: ExponentialHistogram | undefined;
  constructor(
    readonly series: SeriesDescriptor,
    readonly timeMs: number,
    readonly encoded: EncodedHistogram,
  ) {}
  get histogram(): ExponentialHistogram {
    this.#histogram ??= ExponentialHistogram.decode(this.encoded.bytes);
    return this.#histogram;
  }
}

/**
 * convertMetricsRequest fused with protobuf decoding, for the ingest hot path: walks an ExportMetricsServiceRequest
 * and turns delta exponential-histogram points straight into stored form — series from `seriesCache` by their raw
 * attribute bytes, histograms encoded from the packed bucket counts (encodeExponential) — with no per-point
 * objects but the point itself. Everything else (other metric kinds, cumulative points, any point failing a check,
 * resources and scopes) goes through the reference code on just that part, so results, paths and messages are
 * the same as `convertMetricsRequest(decodeMetricsRequestFast(body))` (otlp-metrics-fast.test.ts compares them on
 * random requests). Returns null, having undone any conversion, when the body is malformed or unusual: the caller
 * then runs the reference path, which also produces the 400 message.
 */
export function convertMetricsProtobuf(body: Buffer, options: FastConvertOptions): ConversionResult | null {
  const { nowMs, converter, limits: overrides = {}, onResource, seriesCache } = options;
  const limits: IngestLimits = { ...DEFAULT_INGEST_LIMITS, ...overrides };
  const tx = converter.begin(nowMs);
  const walk = new RequestWalk(body, nowMs, limits, seriesCache, tx);
  try {
    walk.request();
  } catch (err) {
    tx.rollback();
    if (err === BAIL || (err instanceof Error && err.name === 'OtlpDecodeError')) return null;
    throw err;
  }
  if (onResource) {
    const notifier = new ResourceNotifier(onResource, nowMs);
    for (const [service, attributes] of walk.resources) notifier.note(service, attributes);
  }
  return { points: walk.points, rejected: walk.rejected, errors: walk.errors, rollback: () => tx.rollback() };
}

class RequestWalk {
  readonly points: MetricPoint[] = [];
  readonly errors: string[] = [];
  rejected = 0;
  readonly resources: [string, readonly OtlpKeyValue[] | undefined][] = [];
  private readonly c: WireCursor;
  private readonly wp = new WirePoint();
  private readonly slab = new BlobSlab();
  private readonly fail: MetricContext['fail'];
  // Timestamps repeat across a request's points: their conversion is remembered (nanoseconds as the reference reads them).
  private lastTime = Number.NaN;
  private lastTimeNs = 0n;
  private lastTimeMs = 0;
  private lastStart = Number.NaN;
  private lastStartNs = 0n;

  constructor(
    private readonly buf: Buffer,
    private readonly nowMs: number,
    private readonly limits: IngestLimits,
    private readonly cache: SeriesCache,
    private readonly tx: MetricContext['tx'],
  ) {
    this.c = new WireCursor(buf);
    this.fail = (path, err, count, metricName) => {
      this.rejected += count;
      if (this.errors.length < limits.maxErrorMessages) this.errors.push(describe(path, err, metricName));
    };
  }

  request(): void {
    const c = this.c;
    const end = this.buf.length;
    let r = 0;
    while (c.pos < end) {
      const tag = c.tag(end);
      if (Math.floor(tag / 8) !== 1) c.skip(tag & 7, end);
      else if ((tag & 7) !== 2) throw BAIL;
      else {
        const fieldEnd = c.lengthEnd(end);
        this.resourceMetrics(c.pos, fieldEnd, r++);
        c.pos = fieldEnd;
      }
    }
  }

  /** Fields of a message in [start, end) by number: `visit` gets each one's number, wire type and value range. */
  private fields(start: number, end: number, visit: (field: number, wireType: number, at: number, to: number) => void) {
    const c = this.c;
    c.pos = start;
    while (c.pos < end) {
      const tag = c.tag(end);
      const wireType = tag & 7;
      const field = Math.floor(tag / 8);
      if (wireType === 2) {
        const fieldEnd = c.lengthEnd(end);
        const at = c.pos;
        visit(field, wireType, at, fieldEnd);
        c.pos = fieldEnd;
      } else {
        const at = c.pos;
        c.skip(wireType, end);
        visit(field, wireType, at, c.pos);
      }
    }
    if (c.pos !== end) throw BAIL;
  }

  private resourceMetrics(start: number, end: number, r: number): void {
    let resource: [number, number] | undefined;
    const scopes: number[] = [];
    this.fields(start, end, (field, wireType, at, to) => {
      if (field >= 1 && field <= 3 && wireType !== 2) throw BAIL; // resource, scopeMetrics, schemaUrl
      if (field === 1) resource = [at, to];
      else if (field === 2) scopes.push(at, to);
    });
    const rm: OtlpResourceMetrics = resource ? { resource: decodePart(this.buf, 'resource', ...resource) } : {};
    let service: string;
    try {
      service = serviceName(rm, this.limits);
    } catch {
      throw BAIL; // the reference path counts the resource's points and explains
    }
    this.resources.push([service, rm.resource?.attributes]);
    let resourceKey: string | undefined;
    const resourceKeyOf = () => {
      resourceKey ??= resourceIdentity(rm);
      return resourceKey;
    };
    for (let s = 0; s < scopes.length; s += 2) {
      this.scopeMetrics(
        scopes[s]!,
        scopes[s + 1]!,
        `resourceMetrics[${r}].scopeMetrics[${s / 2}]`,
        service,
        resourceKeyOf,
      );
    }
  }

  private scopeMetrics(start: number, end: number, sPath: string, service: string, resourceKey: () => string): void {
    let scopeRange: [number, number] | undefined;
    const metrics: number[] = [];
    this.fields(start, end, (field, wireType, at, to) => {
      if (field >= 1 && field <= 3 && wireType !== 2) throw BAIL; // scope, metrics, schemaUrl
      if (field === 1) scopeRange = [at, to];
      else if (field === 2) metrics.push(at, to);
    });
    const scope = scopeRange ? (decodePart(this.buf, 'scope', ...scopeRange) as OtlpScope) : undefined;
    for (let m = 0; m < metrics.length; m += 2) {
      const mPath = `${sPath}.metrics[${m / 2}]`;
      this.metric(metrics[m]!, metrics[m + 1]!, mPath, service, () => [resourceKey(), scopeIdentity(scope)]);
    }
  }

  private metric(start: number, end: number, mPath: string, service: string, stream: () => unknown[]): void {
    let name = '';
    let unit = '';
    let exponential: [number, number] | undefined;
    let others = 0;
    this.fields(start, end, (field, wireType, at, to) => {
      if (field <= 3 || field === 5 || (field >= 7 && field <= 11)) {
        if (wireType !== 2) throw BAIL;
      }
      if (field === 1) name = this.buf.toString('utf8', at, to);
      else if (field === 3) unit = this.buf.toString('utf8', at, to);
      else if (field === 10 && exponential === undefined) exponential = [at, to];
      else if (field === 5 || field === 7 || field === 9 || field === 10 || field === 11) others++;
    });
    const ctx: MetricContext = {
      service,
      nowMs: this.nowMs,
      limits: this.limits,
      tx: this.tx,
      points: this.points,
      fail: this.fail,
      streamPrefix: () => [...stream(), name],
    };
    if (others > 0) {
      // Other kinds (or a repeated exponentialHistogram field): the reference conversion, on this metric only.
      convertMetric(decodePart(this.buf, 'metric', start, end) as unknown as OtlpMetric, mPath, ctx);
    } else if (exponential !== undefined) {
      this.exponential(
        exponential[0],
        exponential[1],
        { ...ctx, kPath: `${mPath}.exponentialHistogram`, name, unit },
        mPath,
      );
    }
  }

  private exponential(start: number, end: number, base: Omit<PointContext, 'sampler'>, mPath: string): void {
    const points: number[] = [];
    let temporality: number | undefined;
    this.fields(start, end, (field, wireType, at, to) => {
      if (field === 1) {
        if (wireType !== 2) throw BAIL;
        points.push(at, to);
      } else if (field === 2) {
        if (wireType !== 0) throw BAIL;
        this.c.pos = at;
        temporality = this.c.varint(to);
        this.c.pos = to;
      }
    });
    const count = points.length / 2;
    if (count === 0) return; // as the reference: a metric without points is neither stored nor rejected
    try {
      checkMetric(base, this.limits);
    } catch (err) {
      this.fail(mPath, err, count, base.name);
      return;
    }
    let sampler: PointContext['sampler'];
    try {
      sampler = METRIC_KINDS['exponentialHistogram']!.prepare({
        exponentialHistogram: { aggregationTemporality: temporality },
      } as OtlpMetric);
    } catch (err) {
      this.fail(base.kPath, err, count, base.name);
      return;
    }
    const ctx: PointContext = { ...base, sampler };
    const prefix = `h\0${base.service}\0${base.name}\0${base.unit}\0`;
    const cumulative = temporality === CUMULATIVE;
    for (let p = 0; p < count; p++) {
      const at = points[2 * p]!;
      const to = points[2 * p + 1]!;
      if (cumulative || !this.fastPoint(at, to, ctx, prefix)) {
        convertPoint(decodePart(this.buf, 'exponentialPoint', at, to), p, ctx);
      }
    }
  }

  /** Stores one delta point the fast way; false when it needs the reference conversion (any check failing). */
  private fastPoint(start: number, end: number, ctx: PointContext, prefix: string): boolean {
    const buf = this.buf;
    const wp = this.wp;
    wp.read(this.c, start, end);
    if ((wp.flags & FLAG_NO_RECORDED_VALUE) !== 0) return true; // a gap marker: nothing to store or reject
    if (!wp.positive.fast || !wp.negative.fast || !wp.attrContiguous) return false;
    // Time, as parseUnixNanos + checkTime read it (the same rounded number), converted once per distinct value.
    const time = wp.fixed64(wp.timeAt, buf);
    if (time !== this.lastTime) {
      if (time === 0) return false;
      const ns = BigInt(time);
      try {
        this.lastTimeMs = checkTime(ns, this.nowMs, this.limits);
      } catch {
        return false;
      }
      this.lastTime = time;
      this.lastTimeNs = ns;
    }
    const startTime = wp.fixed64(wp.startTimeAt, buf);
    if (startTime !== this.lastStart) {
      this.lastStart = startTime;
      this.lastStartNs = BigInt(startTime);
    }
    if (this.lastStartNs > this.lastTimeNs) return false;
    const series = this.series(wp, ctx, prefix);
    if (series === undefined) return false;
    const encoded = wirePointHistogram(wp, buf, this.limits.maxBucketsPerPoint, this.slab);
    if (encoded === undefined) return false;
    this.points.push(new EncodedHistogramPoint(series, this.lastTimeMs, encoded));
    return true;
  }

  private series(wp: WirePoint, ctx: PointContext, prefix: string): SeriesDescriptor | undefined {
    const key = wp.attrCount === 0 ? '' : this.buf.toString('latin1', wp.attrStart, wp.attrEnd);
    const known = this.cache.get(prefix, key);
    if (known !== undefined) return known;
    const keyValues: OtlpKeyValue[] = [];
    if (wp.attrCount > 0) {
      this.fields(wp.attrStart, wp.attrEnd, (_field, _wireType, at, to) => {
        keyValues.push(decodePart(this.buf, 'keyValue', at, to) as unknown as OtlpKeyValue);
      });
    }
    let attributes: Record<string, string>;
    try {
      attributes = toAttributeRecord(keyValues, this.limits);
    } catch {
      return undefined;
    }
    const { service, name: metric, unit } = ctx;
    return this.cache.set(prefix, key, { service, metric, kind: 'histogram', unit, attributes });
  }
}
