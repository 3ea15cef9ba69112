import type pg from 'pg';

/** PostgreSQL array element types the seed writes. */
export type ColumnType = 'int' | 'bigint' | 'text' | 'timestamptz' | 'numeric' | 'boolean';

/**
 * Buffers rows column by column and writes each batch as ONE statement,
 * `INSERT INTO t (a, b) SELECT * FROM unnest($1::int[], $2::text[])`: two parameters however many rows, so
 * there is no 65,535-parameter ceiling and the server parses one short statement per batch (about as fast as
 * COPY for a few thousand rows, with plain `pg`). Rows are only buffered by `add`; the caller flushes, in
 * foreign-key order (parents first), via `flushInOrder`.
 */
export class BulkInserter {
  private readonly names: string[];
  private readonly sql: string;
  private columns: unknown[][];
  private pending = 0;
  rowsWritten = 0;

  constructor(
    private readonly client: pg.ClientBase,
    table: string,
    columns: Readonly<Record<string, ColumnType>>,
  ) {
    this.names = Object.keys(columns);
    const casts = Object.values(columns).map((type, i) => `$${i + 1}::${type}[]`);
    this.sql = `INSERT INTO ${table} (${this.names.join(', ')}) SELECT * FROM unnest(${casts.join(', ')})`;
    this.columns = this.names.map(() => []);
  }

  get pendingRows(): number {
    return this.pending;
  }

  /** Values in the column order given to the constructor. */
  add(...values: unknown[]): void {
    if (values.length !== this.names.length) {
      throw new RangeError(`expected ${this.names.length} values (${this.names.join(', ')}), got ${values.length}`);
    }
    for (let i = 0; i < values.length; i++) this.columns[i]?.push(values[i]);
    this.pending++;
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const params = this.columns;
    this.columns = this.names.map(() => []);
    const rows = this.pending;
    this.pending = 0;
    await this.client.query(this.sql, params);
    this.rowsWritten += rows;
  }
}

/** Flushes each inserter in turn (parents before children, so foreign keys hold). */
export async function flushInOrder(inserters: readonly BulkInserter[]): Promise<void> {
  for (const inserter of inserters) await inserter.flush();
}
