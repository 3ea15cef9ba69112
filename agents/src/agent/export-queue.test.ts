import { describe, expect, it } from 'vitest';
import type { ExportOutcome } from '../otlp/otlp-exporter.js';
import type { OtlpMetricsRequest } from '../otlp/types.js';
import { ManualClock } from '../testing/manual-clock.js';
import { emptyStats } from './agent-stats.js';
import { countDataPoints, ExportQueue } from './export-queue.js';

/** A batch with `points` gauge points, tagged by name so tests can tell batches apart. */
function batch(name: string, points = 1): OtlpMetricsRequest {
  const dataPoints = Array.from({ length: points }, () => ({ asDouble: 1 }));
  return { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name, gauge: { dataPoints } }] }] }] };
}
const nameOf = (r: OtlpMetricsRequest) => r.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.[0]?.name;

function setup(outcomes: ExportOutcome[], maxBufferedBatches = 3) {
  const sent: string[] = [];
  const warnings: string[] = [];
  const stats = emptyStats();
  const clock = new ManualClock();
  const queue = new ExportQueue({
    exporter: {
      async export(request) {
        sent.push(nameOf(request)!);
        return outcomes.shift() ?? { kind: 'exported', rejectedItems: 0 };
      },
    },
    stats,
    clock,
    logger: { warn: (m) => warnings.push(m) },
    maxBufferedBatches,
    url: 'http://x/v1/metrics',
  });
  return { queue, sent, stats, clock, warnings };
}

describe('ExportQueue', () => {
  it('sends buffered batches oldest first and counts exports and rejected points', async () => {
    const { queue, sent, stats } = setup([{ kind: 'exported', rejectedItems: 2 }]);
    queue.enqueue(batch('a'));
    queue.enqueue(batch('b'));
    await queue.drain();
    expect(sent).toEqual(['a', 'b']);
    expect(stats).toMatchObject({ exportedBatches: 2, rejectedPoints: 2, failedExports: 0 });
    expect(queue.bufferedBatches).toBe(0);
  });

  it('keeps a batch that ran out of retries and stops the pass; the next drain resends it first', async () => {
    const { queue, sent, stats, warnings } = setup([{ kind: 'retryLater', reason: 'ECONNREFUSED' }]);
    queue.enqueue(batch('a'));
    queue.enqueue(batch('b'));
    await queue.drain();
    expect(sent).toEqual(['a']);
    expect(stats).toMatchObject({ failedExports: 1, droppedBatches: 0, exportedBatches: 0 });
    expect(queue.bufferedBatches).toBe(2);
    await queue.drain();
    expect(sent).toEqual(['a', 'a', 'b']);
    expect(stats.exportedBatches).toBe(2);
    expect(warnings).toEqual([
      'stride agent: export to http://x/v1/metrics failed: ECONNREFUSED; 2 batch(es) buffered for the next flush',
      'stride agent: export to http://x/v1/metrics recovered',
    ]);
  });

  it('drops the oldest batch when the buffer is full and counts batches and points', async () => {
    const { queue, stats } = setup([], 2);
    queue.enqueue(batch('a', 5));
    queue.enqueue(batch('b', 1));
    queue.enqueue(batch('c', 1));
    expect(stats).toMatchObject({ droppedBatches: 1, droppedPoints: 5 });
    expect(queue.bufferedBatches).toBe(2);
  });

  it('drops (and counts) a batch the endpoint refused, then carries on', async () => {
    const { queue, sent, stats } = setup([{ kind: 'refused', reason: 'HTTP 400' }]);
    queue.enqueue(batch('a', 4));
    queue.enqueue(batch('b'));
    await queue.drain();
    expect(sent).toEqual(['a', 'b']);
    expect(stats).toMatchObject({ failedExports: 1, droppedBatches: 1, droppedPoints: 4, exportedBatches: 1 });
  });

  it('sends nothing until a long Retry-After has passed', async () => {
    const { queue, sent, clock } = setup([{ kind: 'retryLater', reason: 'HTTP 503', retryAfterMillis: 30_000 }]);
    queue.enqueue(batch('a'));
    await queue.drain();
    clock.advance(10_000);
    await queue.drain();
    expect(sent).toEqual(['a']);
    clock.advance(20_000);
    await queue.drain();
    expect(sent).toEqual(['a', 'a']);
  });

  it('runs one pass at a time; a drain during a pass is covered by a follow-up pass', async () => {
    const { queue, sent } = setup([]);
    queue.enqueue(batch('a'));
    const first = queue.drain();
    queue.enqueue(batch('b'));
    const second = queue.drain();
    expect(second).toBe(first);
    await second;
    expect(sent).toEqual(['a', 'b']);
  });

  it('counts points across metrics and kinds', () => {
    const request: OtlpMetricsRequest = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                { name: 'g', gauge: { dataPoints: [{}, {}] } },
                { name: 'h', exponentialHistogram: { dataPoints: [{}] } },
              ],
            },
          ],
        },
      ],
    };
    expect(countDataPoints(request)).toBe(3);
  });
});
