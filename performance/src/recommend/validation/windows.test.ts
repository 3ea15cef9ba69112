import { describe, expect, it } from 'vitest';
import type { Marker } from '../records.js';
import { comparisonWindows, referenceMarker, targetOf } from './windows.js';

const T0 = 1_735_689_600_000; // a whole minute
const MIN = 60_000;
const m = (id: string, t: number, kind: Marker['kind'] = 'deploy'): Marker => ({
  id,
  service: 'shop',
  kind,
  label: id,
  version: null,
  t,
  createdBy: 'ci',
});

describe('comparison windows', () => {
  const base = { windowMs: 30 * MIN, stepMs: MIN, minIntervals: 10, nowMs: T0 + 120 * MIN };

  it('leaves out the step holding the marker', () => {
    const w = comparisonWindows({ ...base, marker: m('x', T0 + 20_000), markers: [] });
    expect(w.before).toEqual({ fromMs: T0 - 29 * MIN, toMs: T0 });
    expect(w.after).toEqual({ fromMs: T0 + MIN, toMs: T0 + 30 * MIN });
  });

  it('is bounded by neighbouring markers that leave enough steps, and by now', () => {
    const markers = [m('prev', T0 - 15 * MIN), m('next', T0 + 12 * MIN)];
    const w = comparisonWindows({ ...base, nowMs: T0 + 100 * MIN, marker: m('x', T0), markers });
    expect(w.before).toEqual({ fromMs: T0 - 15 * MIN, toMs: T0 });
    expect(w.after).toEqual({ fromMs: T0, toMs: T0 + 12 * MIN });
    const early = comparisonWindows({ ...base, nowMs: T0 + 7 * MIN + 5_000, marker: m('x', T0), markers: [] });
    expect(early.after).toEqual({ fromMs: T0, toMs: T0 + 7 * MIN });
  });

  it('ignores a neighbour too close to leave minIntervals steps', () => {
    const w = comparisonWindows({ ...base, marker: m('x', T0), markers: [m('prev', T0 - 3 * MIN)] });
    expect(w.before.fromMs).toBe(T0 - 30 * MIN);
  });

  it('skips ignored markers', () => {
    const w = comparisonWindows({
      ...base,
      marker: m('x', T0),
      markers: [m('own', T0 - 15 * MIN)],
      ignoreIds: ['own'],
    });
    expect(w.before.fromMs).toBe(T0 - 30 * MIN);
  });
});

describe('reference marker', () => {
  it('is the first deploy after the apply marker, else the apply marker', () => {
    const applied = m('applied', T0, 'manual');
    const later = [
      m('d2', T0 + 20 * MIN),
      m('d1', T0 + 5 * MIN),
      m('note', T0 + MIN, 'manual'),
      m('future', T0 + 99 * MIN),
    ];
    expect(referenceMarker(applied, later, T0 + 60 * MIN).id).toBe('d1');
    expect(referenceMarker(applied, [m('before', T0 - MIN)], T0 + 60 * MIN).id).toBe('applied');
  });
});

describe('targetOf', () => {
  const evidence = { exampleTraceIds: [] };
  it('prefers the route, then the statement, then the service', () => {
    expect(targetOf({ route: 'GET /orders/:id', evidence })).toEqual({
      type: 'route',
      method: 'GET',
      route: '/orders/:id',
    });
    expect(targetOf({ route: null, evidence: { ...evidence, statement: 'SELECT 1' } })).toEqual({
      type: 'statement',
      statement: 'SELECT 1',
    });
    expect(targetOf({ route: null, evidence })).toEqual({ type: 'service' });
  });
});
