// Turns a trace's flat span list into waterfall rows: depth-first by parent, children by start time, with runs
// of repeated calls folded into one expandable group row. Example (an N+1): a server span with children
// [SELECT carts, SELECT products ×12 (same stride.db.fingerprint), POST /charges] becomes rows
//   0 GET /cart            depth 0
//   1 SELECT carts         depth 1
//   2 × 12 SELECT products depth 1   (group; expanded it is followed by its 12 spans at depth 2)
//   3 POST /charges/{id}   depth 1

export type AttributeValue = string | number | boolean;

export interface WaterfallSpan {
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  kind: string;
  /** Unix ms with sub-ms precision. */
  startTime: number;
  durationMs: number;
  status: string;
  statusMessage: string | null;
  attributes: Record<string, AttributeValue>;
}

export interface SpanRow {
  type: 'span';
  id: string;
  span: WaterfallSpan;
  depth: number;
  /** Start relative to the trace's first span, ms. */
  offsetMs: number;
  hasChildren: boolean;
}

export interface GroupRow {
  type: 'group';
  /** `group:<first member's span id>`: stable across reloads, so it can live in the URL. */
  id: string;
  depth: number;
  offsetMs: number;
  /** From the first member's start to the last member's end, ms. */
  durationMs: number;
  spans: WaterfallSpan[];
  label: string;
  /** True when some members overlap in time (already parallel); false for a sequential run. */
  concurrent: boolean;
  expanded: boolean;
}

export type WaterfallRow = SpanRow | GroupRow;

export interface WaterfallLayout {
  startMs: number;
  totalMs: number;
  rows: WaterfallRow[];
  /** Services in order of first appearance: index = colour slot. */
  services: string[];
}

export interface LayoutOptions {
  /** Group ids the user opened. */
  expanded?: ReadonlySet<string>;
  /** A span that must be visible (e.g. selected from the URL): its group opens. */
  reveal?: string | null;
  /** Shortest run of repeated calls that gets folded. */
  minGroupSize?: number;
}

/**
 * What makes two sibling calls "the same call repeated": the statement fingerprint for SQL, command and key
 * family for Redis, method + host + URL template for outbound HTTP, the pool for pool waits. Null for spans that
 * never group.
 */
export function repeatKeyOf(span: WaterfallSpan): string | null {
  const a = span.attributes;
  const fingerprint = a['stride.db.fingerprint'];
  if (fingerprint !== undefined) return `db:${fingerprint}`;
  if (a['db.system.name'] === 'redis') return `redis:${span.name}:${a['stride.cache.key_prefix'] ?? ''}`;
  if (span.kind === 'client' && a['url.template'] !== undefined) {
    return `http:${a['http.request.method'] ?? ''}:${a['server.address'] ?? ''}:${a['url.template']}`;
  }
  if (span.name === 'pg.pool.connect') return `pool:${a['db.client.connection.pool.name'] ?? ''}`;
  return null;
}

const byStart = (a: WaterfallSpan, b: WaterfallSpan) => a.startTime - b.startTime || a.spanId.localeCompare(b.spanId);

function overlaps(spans: readonly WaterfallSpan[]): boolean {
  for (let i = 1; i < spans.length; i++) {
    const previous = spans[i - 1]!;
    // 1 µs of slack: back-to-back calls measured with sub-ms clocks may touch.
    if (spans[i]!.startTime < previous.startTime + previous.durationMs - 0.001) return true;
  }
  return false;
}

/**
 * Splits sorted siblings into single spans and groups of repeated calls. A key seen at least minGroupSize times
 * among the siblings is "repeated"; its calls gather into one group until a sibling that is not itself a repeated
 * call (say, the INSERT after a loop of SELECTs) ends the phase. So interleaved loops (SELECT variants, SELECT
 * images, SELECT variants, …) and concurrent bursts both fold, each key into its own group, placed where its first
 * call starts; a phase with fewer than minGroupSize calls stays as single spans.
 */
function runsOf(siblings: readonly WaterfallSpan[], minGroupSize: number): WaterfallSpan[][] {
  const keys = siblings.map(repeatKeyOf);
  const counts = new Map<string, number>();
  for (const key of keys) if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  const clusterOf: (WaterfallSpan[] | null)[] = [];
  let open = new Map<string, WaterfallSpan[]>();
  siblings.forEach((span, i) => {
    const key = keys[i];
    if (key === null || key === undefined || (counts.get(key) ?? 0) < minGroupSize) {
      open = new Map();
      clusterOf.push(null);
      return;
    }
    const cluster = open.get(key) ?? [];
    cluster.push(span);
    open.set(key, cluster);
    clusterOf.push(cluster);
  });
  const runs: WaterfallSpan[][] = [];
  siblings.forEach((span, i) => {
    const cluster = clusterOf[i];
    if (cluster === null || cluster === undefined || cluster.length < minGroupSize) runs.push([span]);
    else if (cluster[0] === span) runs.push(cluster);
  });
  return runs;
}

export function layoutWaterfall(spans: readonly WaterfallSpan[], options: LayoutOptions = {}): WaterfallLayout {
  const { expanded = new Set<string>(), reveal = null, minGroupSize = 3 } = options;
  if (spans.length === 0) return { startMs: 0, totalMs: 0, rows: [], services: [] };
  const sorted = [...spans].sort(byStart);
  const startMs = sorted[0]!.startTime;
  const endMs = Math.max(...sorted.map((s) => s.startTime + s.durationMs));
  const ids = new Set(sorted.map((s) => s.spanId));
  const children = new Map<string | null, WaterfallSpan[]>();
  for (const span of sorted) {
    // A span whose parent was not stored (dropped, or another service that is not instrumented) is shown as a root.
    const parent = span.parentSpanId !== null && ids.has(span.parentSpanId) ? span.parentSpanId : null;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  const rows: WaterfallRow[] = [];
  const containsReveal = (run: readonly WaterfallSpan[]): boolean => {
    if (reveal === null) return false;
    const stack = [...run];
    while (stack.length > 0) {
      const span = stack.pop()!;
      if (span.spanId === reveal) return true;
      stack.push(...(children.get(span.spanId) ?? []));
    }
    return false;
  };
  const visit = (span: WaterfallSpan, depth: number) => {
    const kids = children.get(span.spanId) ?? [];
    rows.push({
      type: 'span',
      id: span.spanId,
      span,
      depth,
      offsetMs: span.startTime - startMs,
      hasChildren: kids.length > 0,
    });
    visitSiblings(kids, depth + 1);
  };
  const visitSiblings = (siblings: readonly WaterfallSpan[], depth: number) => {
    for (const run of runsOf(siblings, minGroupSize)) {
      if (run.length === 1) {
        visit(run[0]!, depth);
        continue;
      }
      const first = run[0]!;
      const id = `group:${first.spanId}`;
      const open = expanded.has(id) || containsReveal(run);
      const runEnd = Math.max(...run.map((s) => s.startTime + s.durationMs));
      rows.push({
        type: 'group',
        id,
        depth,
        offsetMs: first.startTime - startMs,
        durationMs: runEnd - first.startTime,
        spans: run,
        label: `× ${run.length} ${first.name}`,
        concurrent: overlaps(run),
        expanded: open,
      });
      if (open) for (const span of run) visit(span, depth + 1);
    }
  };
  visitSiblings(children.get(null) ?? [], 0);
  const services: string[] = [];
  for (const span of sorted) if (!services.includes(span.service)) services.push(span.service);
  return { startMs, totalMs: Math.max(endMs - startMs, 0.001), rows, services };
}

/** Round tick positions (ms) for the waterfall's time axis: 0 and multiples of 1, 2 or 5 × 10^n. */
export function timeTicks(totalMs: number, maxTicks = 6): number[] {
  if (!(totalMs > 0)) return [0];
  const rough = totalMs / Math.max(1, maxTicks - 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough;
  const ticks: number[] = [];
  for (let t = 0; t <= totalMs + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}
