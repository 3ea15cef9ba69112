// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${name} is the dashboard placeholder syntax, not a JS template.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DASHBOARDS_DIR } from './dashboard-catalog.js';
import {
  DASHBOARD_ENDPOINTS,
  dashboardSchema,
  ENDPOINT_PATTERN,
  FIELD_PATTERN,
  jsonPath,
  PATH_PATTERN,
  STAT_REDUCERS,
  UNITS,
  VISUALIZATIONS,
} from './dashboard-schema.js';

const readJson = (name: string) => JSON.parse(readFileSync(path.join(BUILTIN_DASHBOARDS_DIR, name), 'utf8'));
const jsonSchema = readJson('schema.json');
const defs = jsonSchema.$defs;

const minimal = () => ({
  schemaVersion: 1,
  id: 'checkout',
  title: 'Checkout',
  time: { from: 'now-1h' },
  variables: [
    {
      name: 'service',
      type: 'query',
      query: { endpoint: '/api/v1/services', rows: 'services', value: 'name' },
    },
  ],
  panels: [
    {
      id: 'p95',
      title: 'p95 of ${service}',
      gridPos: { x: 0, y: 0, w: 12, h: 4 },
      visualization: 'stat',
      unit: 'ms',
      query: { endpoint: '/api/v1/services', value: 'services[name=${service}].p95Ms' },
    },
  ] as Record<string, unknown>[],
});

function problems(input: unknown): string[] {
  const result = dashboardSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${jsonPath(i.path)}: ${i.message}`);
}

describe('dashboard schema', () => {
  it.each(['performance.json', 'monitoring.json', 'optimization.json'])('accepts the built-in %s', (name) => {
    expect(problems(readJson(name))).toEqual([]);
  });

  it('fills defaults: to = now, unit none, series path points with t/v, stat reduce last', () => {
    const input = minimal();
    input.panels.push({
      id: 'rate',
      title: 'Rate',
      gridPos: { x: 12, y: 0, w: 12, h: 4 },
      visualization: 'timeseries',
      query: { endpoint: '/api/v1/timeseries', params: { service: '${service}' }, series: [{ label: 'rate' }] },
    });
    const d = dashboardSchema.parse(input);
    expect(d.time.to).toBe('now');
    expect(d.panels[1]).toMatchObject({ unit: 'none', query: { series: [{ path: 'points', x: 't', y: 'v' }] } });
    expect(d.panels[0]).toMatchObject({ query: { reduce: 'last' } });
  });

  it('names the JSON path of what is wrong', () => {
    const input = minimal();
    input.panels[0]!['gridPos'] = { x: 20, y: 0, w: 8, h: 4 };
    expect(problems(input)).toEqual(['panels[0].gridPos.w: x + w must be at most 24, got 20 + 8']);

    const unknownVis = minimal();
    unknownVis.panels[0]!['visualization'] = 'pie';
    expect(problems(unknownVis)[0]).toMatch(/^panels\[0\]\.visualization: /);

    const badEndpoint = minimal();
    badEndpoint.panels[0]!['query'] = { endpoint: '/api/v1/secrets', value: 'x' };
    expect(problems(badEndpoint)).toEqual([expect.stringMatching(/^panels\[0\]\.query\.endpoint: must be one of /)]);
  });

  it('rejects overlapping panels, duplicate ids and undeclared variables', () => {
    const input = minimal();
    input.panels.push({ ...input.panels[0]!, gridPos: { x: 6, y: 2, w: 12, h: 4 } });
    input.panels.push({
      id: 'routes',
      title: 'Routes',
      gridPos: { x: 0, y: 10, w: 24, h: 6 },
      visualization: 'table',
      query: { endpoint: '/api/v1/services/${svc}/routes', rows: 'routes', columns: [{ field: 'route', label: 'R' }] },
    });
    expect(problems(input)).toEqual([
      'panels[2].query.endpoint: ${svc} is not a declared variable (declared: service)',
      'panels[1].id: duplicate panel id (panels[0])',
      'panels[1].gridPos: overlaps panels[0] ("p95")',
    ]);
  });

  it('lets a variable use only the variables declared before it', () => {
    const input = minimal();
    input.variables.unshift({
      name: 'route',
      type: 'query',
      query: { endpoint: '/api/v1/services/${service}/routes', rows: 'routes', value: 'route' },
    });
    expect(problems(input)).toEqual([
      'variables[0].query.endpoint: ${service} is not a declared variable (none declared here)',
    ]);
  });

  it('rejects unknown fields (typos) rather than ignoring them', () => {
    const input = { ...minimal(), panel: [] };
    expect(problems(input)[0]).toMatch(/^\(root\): .*panel/);
  });
});

describe('dashboards/schema.json and the zod mirror agree', () => {
  it('has the same enums', () => {
    expect(defs.unit.enum).toEqual([...UNITS]);
    const panelVisualizations = defs.panel.oneOf.map(
      (p: { properties: { visualization: { const: string } } }) => p.properties.visualization.const,
    );
    expect(panelVisualizations).toEqual([...VISUALIZATIONS]);
    const stat = defs.panel.oneOf.find(
      (p: { properties: { visualization: { const: string } } }) => p.properties.visualization.const === 'stat',
    );
    expect(stat.properties.query.properties.reduce.enum).toEqual([...STAT_REDUCERS]);
  });

  it('has equivalent path, field and endpoint patterns', () => {
    const samples = [
      'services',
      'services[name=${service}].p95Ms',
      'pools[0].series',
      'series.heapUsedBytes',
      'a..b',
      '[0]',
      'a[',
      'x.y[z=1]',
    ];
    const path = new RegExp(defs.path.pattern);
    const field = new RegExp(defs.field.pattern);
    for (const s of samples) {
      expect(path.test(s), s).toBe(PATH_PATTERN.test(s));
      expect(field.test(s), s).toBe(FIELD_PATTERN.test(s));
    }
    const endpoint = new RegExp(defs.endpoint.pattern);
    const endpoints = [
      ...DASHBOARD_ENDPOINTS.map((e) => e.replace('{service}', '${service}')),
      ...DASHBOARD_ENDPOINTS.map((e) => e.replace('{service}', 'checkout')),
      '/api/v1/tokens',
      '/api/v1/services/a/b/routes',
      '/api/v1/services/${x/routes',
    ];
    for (const e of endpoints) expect(endpoint.test(e), e).toBe(ENDPOINT_PATTERN.test(e));
    expect(ENDPOINT_PATTERN.test('/api/v1/services/${service}/db/statements')).toBe(true);
    expect(ENDPOINT_PATTERN.test('/api/v1/tokens')).toBe(false);
  });
});
