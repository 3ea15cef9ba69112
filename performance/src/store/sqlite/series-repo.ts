import type { Database } from 'better-sqlite3';
import type { PointKind, SeriesDescriptor } from '../../ingest/points.js';
import type { SeriesRef } from '../store.js';

interface SeriesRow {
  id: number;
  service: string;
  metric: string;
  kind: PointKind;
  unit: string;
  attrs: string;
}

/** Reads and creates rows of the `series` table; the in-memory SeriesRegistry sits on top. */
export function createSeriesRepo(db: Database) {
  const all = db.prepare('SELECT id, service, metric, kind, unit, attrs FROM series ORDER BY id');
  const insert = db.prepare(
    `INSERT INTO series (service, metric, kind, unit, attrs, attrs_key) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (service, metric, attrs_key) DO NOTHING`,
  );
  const idOf = db.prepare('SELECT id FROM series WHERE service = ? AND metric = ? AND attrs_key = ?').pluck();
  return {
    loadAll(): SeriesRef[] {
      return (all.all() as SeriesRow[]).map((r) => ({
        id: r.id,
        service: r.service,
        metric: r.metric,
        kind: r.kind,
        unit: r.unit,
        attributes: JSON.parse(r.attrs) as Record<string, string>,
      }));
    },
    insert(d: SeriesDescriptor, attrsKey: string): number {
      const result = insert.run(d.service, d.metric, d.kind, d.unit, JSON.stringify(d.attributes), attrsKey);
      if (result.changes > 0) return Number(result.lastInsertRowid);
      return idOf.get(d.service, d.metric, attrsKey) as number;
    },
  };
}
