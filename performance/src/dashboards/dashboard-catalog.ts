import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Dashboard, dashboardSchema, jsonPath } from './dashboard-schema.js';

/** The repository's dashboards/ folder: three levels up from performance/src/dashboards or performance/dist/dashboards. */
export const BUILTIN_DASHBOARDS_DIR = fileURLToPath(new URL('../../../dashboards/', import.meta.url));

/** A dashboard file bigger than this is reported rather than parsed. */
export const MAX_DASHBOARD_FILE_BYTES = 1_048_576;

export type DashboardSource = 'builtin' | 'user';

export interface DashboardSummary {
  id: string;
  title: string;
  description: string;
  source: DashboardSource;
  /** Only for files that failed to load: `<file>: <JSON path>: <what is wrong>`. */
  error?: string;
}

export interface DashboardCatalog {
  /** Built-in dashboards first, then user ones, each by title; invalid files are listed with `error`. */
  list(): Promise<DashboardSummary[]>;
  /** The valid dashboard with that id, or the load error of the file that claims it, or null. */
  get(id: string): Promise<{ dashboard: Dashboard } | { error: string } | null>;
}

interface Loaded {
  /** File name, e.g. `checkout.json`. */
  file: string;
  summary: DashboardSummary;
  dashboard: Dashboard | null;
}

/**
 * Reads dashboard JSON files from the built-in folder and the user's folder on every call, so a file dropped into
 * the user folder shows up without a restart (a handful of small files; reading them costs well under a
 * millisecond). A missing user folder is an empty one. A broken file never stops the others from loading.
 */
export function createDashboardCatalog({
  builtinDir = BUILTIN_DASHBOARDS_DIR,
  userDir,
}: {
  builtinDir?: string;
  userDir: string;
}): DashboardCatalog {
  const loadAll = async (): Promise<Loaded[]> => {
    const builtin = await loadDir(builtinDir, 'builtin');
    const user = await loadDir(userDir, 'user');
    const taken = new Map<string, string>();
    for (const item of [...builtin, ...user]) {
      if (item.dashboard === null) continue;
      const owner = taken.get(item.summary.id);
      if (owner !== undefined) {
        item.summary.error = `${item.file}: id "${item.summary.id}" is already used by ${owner}`;
        item.dashboard = null;
      } else {
        taken.set(item.summary.id, `${item.summary.source} dashboard "${item.summary.title}"`);
      }
    }
    const bySourceThenTitle = (a: Loaded, b: Loaded) =>
      a.summary.source.localeCompare(b.summary.source) || a.summary.title.localeCompare(b.summary.title);
    return [...builtin, ...user].sort(bySourceThenTitle);
  };

  return {
    list: async () => (await loadAll()).map((item) => item.summary),
    get: async (id) => {
      const all = await loadAll();
      const valid = all.find((item) => item.dashboard !== null && item.summary.id === id);
      if (valid) return { dashboard: valid.dashboard! };
      const broken = all.find((item) => item.summary.id === id);
      return broken?.summary.error ? { error: broken.summary.error } : null;
    },
  };
}

async function loadDir(dir: string, source: DashboardSource): Promise<Loaded[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files = names.filter((name) => name.endsWith('.json') && name !== 'schema.json').sort();
  return Promise.all(files.map((name) => loadFile(path.join(dir, name), source)));
}

/** One file → a valid dashboard, or a summary whose `error` names the file and the JSON path of the first problems. */
export async function loadFile(file: string, source: DashboardSource): Promise<Loaded> {
  const name = path.basename(file);
  const fallbackId = name.slice(0, -'.json'.length);
  const broken = (message: string, raw?: unknown): Loaded => {
    const title = typeof (raw as { title?: unknown })?.title === 'string' ? (raw as { title: string }).title : name;
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : fallbackId;
    return {
      file: name,
      summary: { id, title, description: '', source, error: `${name}: ${message}` },
      dashboard: null,
    };
  };
  try {
    const { size } = await stat(file);
    if (size > MAX_DASHBOARD_FILE_BYTES) return broken(`file is ${size} bytes, over ${MAX_DASHBOARD_FILE_BYTES}`);
    const text = await readFile(file, 'utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      return broken(`invalid JSON: ${(err as Error).message}`);
    }
    const result = dashboardSchema.safeParse(raw);
    if (!result.success) {
      // The first three issues: enough to fix the file, short enough for a list row.
      const issues = result.error.issues.slice(0, 3).map((i) => `${jsonPath(i.path)}: ${i.message}`);
      const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : '';
      return broken(`${issues.join('; ')}${more}`, raw);
    }
    const dashboard = result.data;
    return {
      file: name,
      summary: { id: dashboard.id, title: dashboard.title, description: dashboard.description ?? '', source },
      dashboard,
    };
  } catch (err) {
    return broken(`cannot read: ${(err as Error).message}`);
  }
}
