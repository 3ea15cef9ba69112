import { describe, expect, it } from 'vitest';
import { convertMetricsRequest } from './convert-metrics.js';
import { convertTracesRequest } from './convert-traces.js';
import { guardOnResource, ResourceNotifier } from './resource-identity.js';
import { TemporalityConverter } from './temporality-converter.js';

const attrs = (version?: string) =>
  version === undefined ? [] : [{ key: 'service.version', value: { stringValue: version } }];

describe('ResourceNotifier', () => {
  it('tells each distinct (service, version) of a request once, null when there is no version', () => {
    const seen: unknown[] = [];
    const notifier = new ResourceNotifier((resource, nowMs) => seen.push([resource, nowMs]), 1_000);
    notifier.note('shop', attrs('1.2'));
    notifier.note('shop', attrs('1.2'));
    notifier.note('shop', attrs());
    notifier.note('cart', attrs('1.2'));
    notifier.note('shop', attrs('1.3'));
    notifier.note('shop', undefined);
    expect(seen).toEqual([
      [{ service: 'shop', version: '1.2' }, 1_000],
      [{ service: 'shop', version: null }, 1_000],
      [{ service: 'cart', version: '1.2' }, 1_000],
      [{ service: 'shop', version: '1.3' }, 1_000],
    ]);
  });

  it('keeps what a callback throws away from ingest', () => {
    const errors: unknown[] = [];
    const guarded = guardOnResource(
      () => {
        throw new Error('marker store down');
      },
      (err) => errors.push((err as Error).message),
    );
    expect(() => guarded({ service: 'shop', version: '1' }, 0)).not.toThrow();
    expect(errors).toEqual(['marker store down']);
  });
});

describe('onResource in the converters', () => {
  const resource = (service: string, version?: string) => ({
    attributes: [{ key: 'service.name', value: { stringValue: service } }, ...attrs(version)],
  });

  it('is called per distinct resource of a metrics request and of a traces request', () => {
    const seen: unknown[] = [];
    const onResource = (r: unknown) => seen.push(r);
    convertMetricsRequest(
      { resourceMetrics: [{ resource: resource('shop', '2') }, { resource: resource('shop', '2') }] },
      { nowMs: 0, converter: new TemporalityConverter({ startedAtMs: 0 }), onResource },
    );
    convertTracesRequest({ resourceSpans: [{ resource: resource('cart') }] }, { nowMs: 0, onResource });
    expect(seen).toEqual([
      { service: 'shop', version: '2' },
      { service: 'cart', version: null },
    ]);
  });
});
