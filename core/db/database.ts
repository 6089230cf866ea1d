/** The one storage interface the whole app uses, so PostgreSQL and PGlite are interchangeable. */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** Something that runs SQL: the pool itself, or one open transaction. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<T>>;
}

export interface Database extends Sql {
  readonly engine: 'postgres' | 'pglite';
  /** A transaction as the schema owner: for migrations, operator commands and cross-institution jobs. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * A transaction scoped to one institution by row-level security: the role `harbour_app`
   * sees and writes only rows whose institution_id is this one. Every request path uses this.
   */
  forInstitution<T>(institutionId: string, fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Sets the role and institution for the rest of the transaction (SET LOCAL ends with it). */
export async function enterInstitution(tx: Sql, institutionId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(institutionId)) throw new Error(`Not an institution id: ${institutionId}`);
  await tx.query(`SELECT set_config('harbour.institution_id', $1, true)`, [institutionId]);
  await tx.query('SET LOCAL ROLE harbour_app');
}
