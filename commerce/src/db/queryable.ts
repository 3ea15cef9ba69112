import type pg from 'pg';

/** A pool or a checked-out client: code that runs either inside a transaction or on its own takes this. */
export type Queryable = Pick<pg.ClientBase, 'query'>;
