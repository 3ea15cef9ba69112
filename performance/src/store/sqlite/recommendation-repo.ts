import type { Database } from 'better-sqlite3';
import type { HistoryEntry, RecommendationRecord } from '../../recommend/records.js';
import type { RecommendationRepo } from '../recommendation-repos.js';

interface RecommendationRow {
  body: string;
}

interface HistoryRow {
  recommendation_id: string;
  at: number;
  actor: string;
  type: HistoryEntry['type'];
  from_status: HistoryEntry['from'];
  to_status: HistoryEntry['to'];
  reason: string;
}

/**
 * Re-detection entries kept per recommendation (the analysis runs every few minutes, so a long-lived finding would
 * otherwise grow its history without bound). Status changes and validations are always kept; past the cap the
 * oldest re-detections go first.
 */
export const MAX_DETECTION_ENTRIES = 500;

const fromHistoryRow = (r: HistoryRow): HistoryEntry => ({
  recommendationId: r.recommendation_id,
  at: r.at,
  actor: r.actor,
  type: r.type,
  from: r.from_status,
  to: r.to_status,
  reason: r.reason,
});

/** Recommendations as rows holding the whole record as JSON, plus the columns lists filter and sort on. */
export function createRecommendationRepo(db: Database, guard: () => void): RecommendationRepo {
  const columns = (r: RecommendationRecord) => [
    r.kind,
    r.service,
    r.key,
    r.route,
    r.status,
    r.impact.msSavedPerRequest,
    r.impact.msSavedPerMinute,
    r.firstSeen,
    r.lastSeen,
    r.revision,
    JSON.stringify(r),
  ];
  const insertRow = db.prepare(
    `INSERT INTO recommendations (id, kind, service, key, route, status, ms_saved_per_request, ms_saved_per_minute,
       first_seen, last_seen, revision, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (kind, service, key) DO NOTHING`,
  );
  const updateRow = db.prepare(
    `UPDATE recommendations SET kind = ?, service = ?, key = ?, route = ?, status = ?, ms_saved_per_request = ?,
       ms_saved_per_minute = ?, first_seen = ?, last_seen = ?, revision = ?, body = ?
     WHERE id = ? AND revision = ?`,
  );
  const byId = db.prepare('SELECT body FROM recommendations WHERE id = ?');
  const byKey = db.prepare('SELECT body FROM recommendations WHERE kind = ? AND service = ? AND key = ?');
  const insertHistory = db.prepare(
    `INSERT INTO recommendation_history (recommendation_id, at, actor, type, from_status, to_status, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const historyOf = db.prepare('SELECT * FROM recommendation_history WHERE recommendation_id = ? ORDER BY seq');
  const trimDetections = db.prepare(
    `DELETE FROM recommendation_history WHERE seq IN (
       SELECT seq FROM recommendation_history WHERE recommendation_id = ? AND type = 'detected'
       ORDER BY seq DESC LIMIT -1 OFFSET ?)`,
  );

  const appendHistory = (entries: readonly HistoryEntry[]) => {
    const touched = new Set<string>();
    for (const e of entries) {
      insertHistory.run(e.recommendationId, e.at, e.actor, e.type, e.from, e.to, e.reason);
      if (e.type === 'detected') touched.add(e.recommendationId);
    }
    for (const id of touched) trimDetections.run(id, MAX_DETECTION_ENTRIES);
  };

  const insert = db.transaction((record: RecommendationRecord, history: readonly HistoryEntry[]): boolean => {
    if (insertRow.run(record.id, ...columns(record)).changes === 0) return false;
    appendHistory(history);
    return true;
  });
  const update = db.transaction((record: RecommendationRecord, history: readonly HistoryEntry[]): boolean => {
    if (updateRow.run(...columns(record), record.id, record.revision - 1).changes === 0) return false;
    appendHistory(history);
    return true;
  });
  const parse = (row: RecommendationRow | undefined) =>
    row === undefined ? null : (JSON.parse(row.body) as RecommendationRecord);

  return {
    async insert(record, history) {
      guard();
      return insert(record, history);
    },
    async update(record, history) {
      guard();
      return update(record, history);
    },
    async get(id) {
      guard();
      return parse(byId.get(id) as RecommendationRow | undefined);
    },
    async findByKey(kind, service, key) {
      guard();
      return parse(byKey.get(kind, service, key) as RecommendationRow | undefined);
    },
    async list({ service, status, kind }) {
      guard();
      const where: string[] = [];
      const args: string[] = [];
      if (service !== undefined) {
        where.push('service = ?');
        args.push(service);
      }
      if (status !== undefined) {
        where.push('status = ?');
        args.push(status);
      }
      if (kind !== undefined) {
        where.push('kind = ?');
        args.push(kind);
      }
      const sql = `SELECT body FROM recommendations ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ms_saved_per_minute DESC, last_seen DESC, id`;
      return (db.prepare(sql).all(...args) as RecommendationRow[]).map((row) => parse(row)!);
    },
    async history(id) {
      guard();
      return (historyOf.all(id) as HistoryRow[]).map(fromHistoryRow);
    },
  };
}
