import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createAnalysisRunner } from './analysis-runner.js';
import { ValidationPendingError } from './errors.js';
import type { AnalysisInput, Detector, Finding } from './recommendation.js';
import { createRecommendationService } from './recommendation-service.js';
import type { RecommendationRecord } from './records.js';

const T0 = 1_735_689_600_000;
const WINDOW = 30 * 60_000;

function inputFor(service: string, fromMs: number, toMs: number): AnalysisInput {
  return {
    service,
    fromMs,
    toMs,
    traces: [],
    routes: [],
    statements: [],
    cache: null,
    dependencies: [],
    pools: [],
    runtime: {},
  };
}

const finding = (service: string, key: string, msSavedPerMinute: number): Finding => ({
  kind: 'slow-query',
  service,
  route: null,
  key,
  title: `slow ${key}`,
  evidence: { exampleTraceIds: [], statement: key },
  impact: { msSavedPerRequest: 2, msSavedPerMinute },
  fix: { text: 'index it', code: '', language: 'sql' },
});

/** Finds one slow query per service, with an impact the test sets by threshold. */
const slowQuery: Detector<{ factor: number }> = {
  kind: 'slow-query',
  defaults: { factor: 1 },
  detect: (input, { factor }) => [
    finding(input.service, 'SELECT a', 100 * factor),
    finding('someone-else', 'SELECT b', 1), // another service: dropped
  ],
};
const broken: Detector = {
  kind: 'cacheable-read',
  defaults: {},
  detect: () => {
    throw new Error('detector bug');
  },
};

describe('analysis runner', () => {
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  function setup({ validate = async (_id: string) => {} } = {}) {
    const store = openSqliteStore({ path: ':memory:', rollupFlushIntervalMillis: 0 });
    stores.push(store);
    const records = createRecommendationService({ recommendations: store.recommendations, markers: store.markers });
    const windows: [string, number, number][] = [];
    const validated: string[] = [];
    const runner = createAnalysisRunner({
      gatherInput: async ({ service, fromMs, toMs }) => {
        if (service === 'down') throw new Error('store read failed');
        windows.push([service, fromMs, toMs]);
        return inputFor(service, fromMs, toMs);
      },
      records,
      validation: {
        dueForValidation: (r: RecommendationRecord, nowMs: number) =>
          r.status === 'applied' && nowMs - r.appliedAt! >= 660_000,
        validate: async (id: string) => {
          validated.push(id);
          await validate(id);
          return records.get(id);
        },
      },
      detectors: [slowQuery, broken],
      thresholdOverrides: { 'slow-query': { factor: 3 } },
      listServices: async () => ['shop', 'down', 'cart'],
      windowMs: WINDOW,
    });
    return { store, records, runner, windows, validated };
  }

  it('runs every detector, reports a broken one, and upserts the rest', async () => {
    const { runner, records } = setup();
    const first = await runner.analyze('shop', { fromMs: T0 - WINDOW, toMs: T0, nowMs: T0 });
    expect(first).toMatchObject({
      service: 'shop',
      fromMs: T0 - WINDOW,
      toMs: T0,
      created: 1,
      updated: 0,
      errors: [{ kind: 'cacheable-read', message: 'detector bug' }],
      findings: [{ kind: 'slow-query', key: 'SELECT a', created: true, impact: { msSavedPerMinute: 300 } }],
    });
    const second = await runner.analyze('shop', { fromMs: T0, toMs: T0 + WINDOW, nowMs: T0 + WINDOW });
    expect([second.created, second.updated]).toEqual([0, 1]);
    expect(second.findings[0]!.recommendationId).toBe(first.findings[0]!.recommendationId);
    const [record] = await records.list({});
    expect(record).toMatchObject({ service: 'shop', detections: 2, lastSeen: T0 + WINDOW });
  });

  it('the scheduled run analyses every service over the window and survives one failing', async () => {
    const { runner, windows } = setup();
    const result = await runner.runScheduled(T0);
    expect(windows).toEqual([
      ['shop', T0 - WINDOW, T0],
      ['cart', T0 - WINDOW, T0],
    ]);
    expect(result.analyses.map((a) => a.service)).toEqual(['shop', 'cart']);
    expect(result.failures).toEqual([{ service: 'down', message: 'store read failed' }]);
  });

  it('validates applied records once their after-window is due; pending ones are listed', async () => {
    let pending = true;
    const { runner, records, validated } = setup({
      validate: async () => {
        if (pending) throw new ValidationPendingError('not yet');
      },
    });
    await runner.analyze('shop', { fromMs: T0 - WINDOW, toMs: T0, nowMs: T0 });
    const [{ id }] = (await records.list({})) as [RecommendationRecord];
    await records.transition(id, 'accept', { actor: 'a', nowMs: T0 });
    await records.apply(id, { actor: 'a', nowMs: T0 });

    expect((await runner.runScheduled(T0 + 60_000)).pending).toEqual([]); // too early: not even tried
    expect(validated).toEqual([]);
    expect((await runner.runScheduled(T0 + 700_000)).pending).toEqual([id]);
    pending = false;
    expect((await runner.runScheduled(T0 + 800_000)).validated).toEqual([id]);
  });
});
