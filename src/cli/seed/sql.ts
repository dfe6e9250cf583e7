/** Runs one SQL statement: a TypeORM `DataSource`/`EntityManager` `query`, or pg's. */
export type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/** PostgreSQL takes at most 65,535 parameters in one statement. */
const MAX_PARAMS = 30_000;

/**
 * Multi-row `INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING`, in statements of at most
 * `MAX_PARAMS` parameters. Returns how many rows were new.
 */
export async function insertRows(
  query: Query,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  conflict = 'ON CONFLICT DO NOTHING',
): Promise<number> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  let inserted = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const slots = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${slots.join(', ')})`;
    });
    const result = await query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${conflict} RETURNING 1`,
      params,
    );
    inserted += Array.isArray(result) ? result.length : 0;
  }
  return inserted;
}
