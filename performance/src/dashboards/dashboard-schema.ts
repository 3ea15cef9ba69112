// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${name} is the dashboard placeholder syntax, not a JS template.
import { z } from 'zod';

// The zod mirror of dashboards/schema.json (the documented contract; docs/dashboards.md explains it). A unit test
// keeps the enums and patterns of the two in step. Beyond JSON Schema this also checks unique panel ids, x + w ≤ 24,
// that panels do not overlap, and that every ${variable} is declared (variables only by variables before them).

export const GRID_COLUMNS = 24;
export const VISUALIZATIONS = ['timeseries', 'stat', 'table', 'bar'] as const;
export const UNITS = ['ms', 's', 'bytes', 'count', 'per_second', 'ratio', 'score', 'ms_per_second', 'none'] as const;
export const STAT_REDUCERS = ['last', 'mean', 'max', 'min', 'sum'] as const;

/** Query API paths a panel may read; `{service}` may be a literal name or a `${variable}`. */
export const DASHBOARD_ENDPOINTS = [
  '/api/v1/services',
  '/api/v1/services/{service}/routes',
  '/api/v1/timeseries',
  '/api/v1/distribution',
  '/api/v1/traces',
  '/api/v1/services/{service}/db/statements',
  '/api/v1/services/{service}/cache',
  '/api/v1/services/{service}/dependencies',
  '/api/v1/services/{service}/pool',
  '/api/v1/services/{service}/runtime',
  '/api/v1/benchmarks',
] as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const RELATIVE_TIME = /^now(-[1-9][0-9]{0,5}[smhdw])?$/;
const KEY = '[A-Za-z_][A-Za-z0-9_]*';
const SELECTOR = `(\\[([0-9]+|${KEY}=[^\\]]*)\\])?`;
export const PATH_PATTERN = new RegExp(`^${KEY}${SELECTOR}(\\.${KEY}${SELECTOR})*$`);
export const FIELD_PATTERN = new RegExp(`^${KEY}(\\.${KEY})*$`);
const SERVICE_SEGMENT = '(\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}|[A-Za-z0-9._~-]+)';
export const ENDPOINT_PATTERN = new RegExp(
  `^(${DASHBOARD_ENDPOINTS.map((e) => e.replace('{service}', SERVICE_SEGMENT)).join('|')})$`,
);
/** `${name}` placeholders in a template. */
const PLACEHOLDER = /\$\{([^}]*)\}/g;

const template = z.string().max(500);
const endpoint = z.string().regex(ENDPOINT_PATTERN, {
  message: `must be one of ${DASHBOARD_ENDPOINTS.join(', ')} (a \${variable} may stand for {service})`,
});
const params = z
  .record(z.string(), z.union([template, z.number(), z.boolean()]))
  .refine((p) => Object.keys(p).length <= 20, { message: 'at most 20 parameters' })
  .optional();
const path = z.string().regex(PATH_PATTERN, {
  message: 'must be a path like services[name=${service}].p95Ms or pools[0].series',
});
const field = z.string().regex(FIELD_PATTERN, { message: 'must be a field name like p95Ms or a dot path' });
const unit = z.enum(UNITS);

const variable = z.discriminatedUnion('type', [
  z.strictObject({
    name: z.string().regex(NAME),
    label: z.string().max(60).optional(),
    type: z.literal('query'),
    default: z.string().optional(),
    query: z.strictObject({ endpoint, params, rows: path, value: field }),
  }),
  z.strictObject({
    name: z.string().regex(NAME),
    label: z.string().max(60).optional(),
    type: z.literal('custom'),
    default: z.string().optional(),
    options: z.array(z.string().max(200)).min(1).max(100),
  }),
]);

const gridPos = z.strictObject({
  x: z
    .int()
    .min(0)
    .max(GRID_COLUMNS - 1),
  y: z.int().min(0).max(1000),
  w: z.int().min(1).max(GRID_COLUMNS),
  h: z.int().min(2).max(40),
});

const panelBase = {
  id: z.string().regex(ID, { message: 'must be lowercase letters, digits and dashes' }),
  title: template,
  description: z.string().max(500).optional(),
  gridPos,
  unit: unit.default('none'),
};

const series = z.strictObject({
  label: template,
  path: path.default('points'),
  x: field.default('t'),
  y: field.default('v'),
  params,
});

const panel = z.discriminatedUnion('visualization', [
  z.strictObject({
    ...panelBase,
    visualization: z.literal('timeseries'),
    query: z.strictObject({ endpoint, params, series: z.array(series).min(1).max(10) }),
  }),
  z.strictObject({
    ...panelBase,
    visualization: z.literal('stat'),
    query: z.strictObject({ endpoint, params, value: path, reduce: z.enum(STAT_REDUCERS).default('last') }),
  }),
  z.strictObject({
    ...panelBase,
    visualization: z.literal('table'),
    query: z.strictObject({
      endpoint,
      params,
      rows: path,
      columns: z
        .array(z.strictObject({ field, label: z.string().max(60), unit: unit.optional() }))
        .min(1)
        .max(12),
      limit: z.int().min(1).max(1000).optional(),
    }),
  }),
  z.strictObject({
    ...panelBase,
    visualization: z.literal('bar'),
    query: z.strictObject({
      endpoint,
      params,
      rows: path,
      category: field,
      value: field,
      limit: z.int().min(1).max(200).optional(),
    }),
  }),
]);

const dashboardShape = z.strictObject({
  $schema: z.string().optional(),
  schemaVersion: z.literal(1),
  id: z.string().regex(ID, { message: 'must be lowercase letters, digits and dashes (at most 64)' }),
  title: z.string().min(1).max(100),
  description: z.string().max(500).optional(),
  tags: z.array(z.string().min(1).max(40)).max(10).optional(),
  time: z.strictObject({
    from: z.string().regex(RELATIVE_TIME, { message: 'must be now or now-<n><s|m|h|d|w>, e.g. now-1h' }),
    to: z.string().regex(RELATIVE_TIME, { message: 'must be now or now-<n><s|m|h|d|w>' }).default('now'),
  }),
  refreshSeconds: z.int().min(5).max(3600).optional(),
  variables: z.array(variable).max(10).default([]),
  panels: z.array(panel).min(1).max(50),
});

export type Dashboard = z.output<typeof dashboardShape>;

/** The shape first; the cross-field checks run only on a well-formed dashboard (pipe stops at the first stage). */
export const dashboardSchema = dashboardShape.pipe(
  z.custom<Dashboard>().superRefine((dashboard, ctx) => {
    checkVariables(dashboard, ctx);
    checkPanels(dashboard.panels, ctx);
  }),
);
export type DashboardPanel = Dashboard['panels'][number];
export type DashboardVariable = Dashboard['variables'][number];

type Ctx = z.RefinementCtx;

/** Every string inside `value` with the JSON path that leads to it. */
function* stringsIn(value: unknown, at: (string | number)[]): Generator<[string, (string | number)[]]> {
  if (typeof value === 'string') yield [value, at];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* stringsIn(v, [...at, i]);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* stringsIn(v, [...at, k]);
}

function checkPlaceholders(value: unknown, at: (string | number)[], known: ReadonlySet<string>, ctx: Ctx): void {
  for (const [text, where] of stringsIn(value, at)) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1]!;
      if (!known.has(name)) {
        const declared = known.size === 0 ? 'none declared here' : `declared: ${[...known].join(', ')}`;
        ctx.addIssue({ code: 'custom', path: where, message: `\${${name}} is not a declared variable (${declared})` });
      }
    }
  }
}

function checkVariables(dashboard: Dashboard, ctx: Ctx): void {
  const known = new Set<string>();
  for (const [i, v] of dashboard.variables.entries()) {
    if (known.has(v.name)) {
      ctx.addIssue({ code: 'custom', path: ['variables', i, 'name'], message: `duplicate variable "${v.name}"` });
    }
    if (v.type === 'query') checkPlaceholders(v.query, ['variables', i, 'query'], known, ctx);
    known.add(v.name);
  }
  for (const [i, p] of dashboard.panels.entries()) {
    checkPlaceholders({ title: p.title, query: p.query }, ['panels', i], known, ctx);
  }
}

function checkPanels(panels: readonly DashboardPanel[], ctx: Ctx): void {
  const seen = new Map<string, number>();
  for (const [i, p] of panels.entries()) {
    const first = seen.get(p.id);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['panels', i, 'id'], message: `duplicate panel id (panels[${first}])` });
    }
    seen.set(p.id, i);
    const { x, y, w, h } = p.gridPos;
    if (x + w > GRID_COLUMNS) {
      ctx.addIssue({
        code: 'custom',
        path: ['panels', i, 'gridPos', 'w'],
        message: `x + w must be at most ${GRID_COLUMNS}, got ${x} + ${w}`,
      });
    }
    for (let j = 0; j < i; j++) {
      const o = panels[j]!.gridPos;
      if (x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h) {
        ctx.addIssue({
          code: 'custom',
          path: ['panels', i, 'gridPos'],
          message: `overlaps panels[${j}] ("${panels[j]!.id}")`,
        });
      }
    }
  }
}

/** `panels[2].gridPos.w` from a zod issue path. */
export function jsonPath(at: readonly PropertyKey[]): string {
  let out = '';
  for (const key of at) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}
