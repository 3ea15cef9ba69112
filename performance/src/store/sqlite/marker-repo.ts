import type { Database } from 'better-sqlite3';
import type { Marker } from '../../recommend/records.js';
import type { MarkerRepo } from '../recommendation-repos.js';

interface MarkerRow {
  id: string;
  service: string;
  kind: Marker['kind'];
  label: string;
  version: string | null;
  t: number;
  created_by: string;
}

const fromRow = (r: MarkerRow): Marker => ({
  id: r.id,
  service: r.service,
  kind: r.kind,
  label: r.label,
  version: r.version,
  t: r.t,
  createdBy: r.created_by,
});

/** Deploy/manual markers and the last `service.version` per service. */
export function createMarkerRepo(db: Database, guard: () => void): MarkerRepo {
  const insert = db.prepare(
    'INSERT INTO markers (id, service, kind, label, version, t, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const byId = db.prepare('SELECT * FROM markers WHERE id = ?');
  const versions = db.prepare('SELECT service, version FROM service_versions');
  const setVersion = db.prepare(
    `INSERT INTO service_versions (service, version, seen_at) VALUES (?, ?, ?)
     ON CONFLICT (service) DO UPDATE SET version = excluded.version, seen_at = excluded.seen_at`,
  );
  return {
    async create(m) {
      guard();
      insert.run(m.id, m.service, m.kind, m.label, m.version, m.t, m.createdBy);
    },
    async get(id) {
      guard();
      const row = byId.get(id) as MarkerRow | undefined;
      return row === undefined ? null : fromRow(row);
    },
    async list({ service, kind, fromMs, toMs, limit }) {
      guard();
      const where = ['t >= ?', 't < ?'];
      const args: (string | number)[] = [fromMs, toMs];
      if (service !== undefined) {
        where.push('service = ?');
        args.push(service);
      }
      if (kind !== undefined) {
        where.push('kind = ?');
        args.push(kind);
      }
      const sql = `SELECT * FROM markers WHERE ${where.join(' AND ')} ORDER BY t, id LIMIT ?`;
      return (db.prepare(sql).all(...args, limit) as MarkerRow[]).map(fromRow);
    },
    async lastVersions() {
      guard();
      const rows = versions.all() as { service: string; version: string }[];
      return new Map(rows.map((r) => [r.service, r.version]));
    },
    async setLastVersion(service, version, nowMs) {
      guard();
      setVersion.run(service, version, nowMs);
    },
  };
}
