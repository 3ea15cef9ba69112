import { describe, expect, it } from 'vitest';
import { EVIDENCE_FIELDS } from './evidence-fields.js';
import { evidenceRows, exampleTraceIds, formatEvidenceValue, humanizeKey, inferUnit } from './evidence-format.js';
import { RECOMMENDATION_KINDS } from './recommendation-types.js';

/** label → shown text, for rows that are text. */
const asText = (rows: ReturnType<typeof evidenceRows>) =>
  Object.fromEntries(rows.map((r) => [r.label, r.value.type === 'text' ? r.value.text : r.value]));

describe('evidence formatting', () => {
  it('shows an N+1 finding as labelled numbers with units, the statement as code, in the documented order', () => {
    const rows = evidenceRows('n-plus-one-db', {
      exampleTraceIds: ['4bf92f3577b34da6a3ce929d0e0e4736'],
      statement: 'SELECT * FROM products WHERE id = $1',
      fingerprint: '9c1d0a7e5b3f2c11',
      affectedRequests: 12,
      sampledRequestsOfRoute: 40,
      meanCallsPerRequest: 8.25,
      maxCallsPerRequest: 12,
      meanCallMs: 4.04,
      meanCoveredMs: 39,
      meanCallTimeSavedMs: 35.1,
      shareOfRequest: 0.812,
      concurrentShare: 0,
    });
    expect(rows.map((r) => r.key)).toEqual([
      'statement',
      'fingerprint',
      'affectedRequests',
      'sampledRequestsOfRoute',
      'meanCallsPerRequest',
      'maxCallsPerRequest',
      'meanCallMs',
      'meanCoveredMs',
      'meanCallTimeSavedMs',
      'shareOfRequest',
      'concurrentShare',
    ]);
    expect(rows[0]!.value).toEqual({ type: 'code', text: 'SELECT * FROM products WHERE id = $1' });
    expect(rows[1]!.value).toEqual({ type: 'text', text: '9c1d0a7e5b3f2c11', mono: true });
    expect(asText(rows.slice(2))).toEqual({
      'Affected requests (sampled)': '12',
      'Sampled requests of the route': '40',
      'Calls per request (mean)': '8.25',
      'Calls per request (max)': '12',
      'Time per call (mean)': '4.04 ms',
      'Wall time the calls cover (mean)': '39 ms',
      'Call time one batch removes (mean)': '35.1 ms',
      'Share of the request': '81.2 %',
      'Requests with overlapping calls': '0 %',
    });
    expect(rows.every((r) => r.known)).toBe(true);
  });

  it('formats regression evidence: signed change, p-value, times, and nulls as a dash', () => {
    const changeAt = new Date(2025, 10, 22, 14, 5, 0).getTime();
    const rows = asText(
      evidenceRows('regression', {
        exampleTraceIds: [],
        p95BeforeMs: 48.2,
        p95AfterMs: 96,
        relativeChange: 0.992,
        pValue: 2.4e-9,
        changeAt,
        intervalsBefore: 25,
        intervalsAfter: 14,
        markerId: null,
        markerVersion: '1.4.2',
        markerLabel: 'deploy 1.4.1 → 1.4.2',
        markerT: null,
      }),
    );
    expect(rows).toMatchObject({
      'p95 before': '48.2 ms',
      'p95 after': '96 ms',
      Change: '+99.2 %',
      'p-value (Welch t-test)': '2.4e-9',
      'Changed at': '2025-11-22 14:05:00',
      'Minutes compared before': '25',
      'Likely cause': 'deploy 1.4.1 → 1.4.2',
      'Marker time': '–',
      'Marker id': '–',
    });
  });

  it('renders arrays of objects as small tables with formatted cells, and string arrays as a list', () => {
    const rows = evidenceRows('sequential-calls', {
      calls: [
        { label: 'SELECT users', durationMs: 10.5, dependsOn: null },
        { label: 'GET inventory', durationMs: 1250, dependsOn: 'SELECT users' },
      ],
    });
    expect(rows[0]!.value).toEqual({
      type: 'table',
      columns: ['Label', 'Duration', 'Depends on'],
      rows: [
        ['SELECT users', '10.5 ms', '–'],
        ['GET inventory', '1.25 s', 'SELECT users'],
      ],
    });
    const accept = evidenceRows('uncompressed-response', { acceptEncoding: ['gzip, br', 'gzip'] });
    expect(accept[0]!.value).toEqual({ type: 'text', text: 'gzip, br, gzip', mono: true });
  });

  it('keeps keys a kind does not list, after the known ones, with a guessed label and unit', () => {
    const rows = evidenceRows('pool-saturation', {
      pool: 'main',
      waitP95Ms: 12.5,
      medianQueueBytes: 2048,
      retriedShare: 0.05,
      lastResetAt: new Date(2025, 0, 2, 3, 4, 5).getTime(),
      note: 'measured on replica',
      nested: { a: 1 },
    });
    expect(rows.map((r) => [r.label, r.known])).toEqual([
      ['Pool', true],
      ['Wait p95', true],
      ['Median queue', false],
      ['Retried share', false],
      ['Last reset at', false],
      ['Note', false],
      ['Nested', false],
    ]);
    expect(asText(rows)).toMatchObject({
      'Median queue': '2 KiB',
      'Retried share': '5 %',
      'Last reset at': '2025-01-02 03:04:05',
      Note: 'measured on replica',
    });
    expect(rows[6]!.value).toEqual({ type: 'table', columns: ['Field', 'Value'], rows: [['A', '1']] });
  });

  it('falls back to a tidy table for a kind it does not know', () => {
    const rows = evidenceRows('future-kind', { exampleTraceIds: ['a'], totalTimeMs: 1500, calls: 3 });
    expect(asText(rows)).toEqual({ 'Total time': '1.5 s', Calls: '3' });
  });

  it('guesses units and labels from key names', () => {
    expect(humanizeKey('meanCallTimeSavedMs')).toBe('Mean call time saved');
    expect(humanizeKey('p95Ms')).toBe('p95');
    expect(humanizeKey('eventLoopDelayP99MaxMs')).toBe('Event loop delay p99 max');
    expect(inferUnit('suggestedTtlSeconds', 30)).toBe('seconds');
    expect(inferUnit('callsPerMinute', 1.5)).toBe('perMinute');
    expect(inferUnit('saturation', 1)).toBe('share');
    expect(inferUnit('shareOfDbTime', 0.2)).toBe('share');
    expect(inferUnit('markerT', 5)).toBe('count');
    expect(formatEvidenceValue('suggestedTtlSeconds', 300)).toEqual({ type: 'text', text: '5 min', mono: false });
    expect(formatEvidenceValue('port', 8080, 'mono')).toEqual({ type: 'text', text: '8080', mono: true });
  });

  it('has a field list for every kind, without duplicate keys', () => {
    for (const kind of RECOMMENDATION_KINDS) {
      const keys = EVIDENCE_FIELDS[kind].map((f) => f.key);
      expect(new Set(keys).size, kind).toBe(keys.length);
      expect(keys.length, kind).toBeGreaterThan(0);
    }
  });

  it('takes only string trace ids from the evidence', () => {
    expect(exampleTraceIds({ exampleTraceIds: ['a', 7, '', 'b'] })).toEqual(['a', 'b']);
    expect(exampleTraceIds({})).toEqual([]);
  });
});
