import type { Database } from 'better-sqlite3';
import type { BenchmarkRecord } from './trace-store.js';

interface BenchmarkRow {
  summary: string;
}

export interface BenchmarkRepo {
  create(record: BenchmarkRecord): void;
  list(query: { limit: number; name?: string; profile?: string }): BenchmarkRecord[];
  get(id: string): BenchmarkRecord | null;
}

/** Load-runner summaries in traces.db: the posted record as JSON, with the columns lists filter and sort on. */
export function createBenchmarkRepo(db: Database): BenchmarkRepo {
  const insert = db.prepare(
    'INSERT INTO benchmarks (id, name, profile, created_at, summary) VALUES (@id, @name, @profile, @createdAt, @summary)',
  );
  const byId = db.prepare<[string], BenchmarkRow>('SELECT summary FROM benchmarks WHERE id = ?');
  const list = db.prepare<Record<string, unknown>, BenchmarkRow>(
    `SELECT summary FROM benchmarks
     WHERE (@name IS NULL OR name = @name) AND (@profile IS NULL OR profile = @profile)
     ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
  );
  const parse = (row: BenchmarkRow) => JSON.parse(row.summary) as BenchmarkRecord;
  return {
    create(record) {
      insert.run({
        id: record.id,
        name: record.name,
        profile: record.profile,
        createdAt: record.createdAt,
        summary: JSON.stringify(record),
      });
    },
    list({ limit, name, profile }) {
      return list.all({ limit, name: name ?? null, profile: profile ?? null }).map(parse);
    },
    get(id) {
      const row = byId.get(id);
      return row ? parse(row) : null;
    },
  };
}
