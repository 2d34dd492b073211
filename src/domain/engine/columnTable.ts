/**
 * Results stored by column: every property of a table is an array (or typed
 * array) with one entry per row. computeAll returns its per-row results this
 * way so 50,000 rows are a dozen arrays rather than 50,000 objects; callers
 * that want one row ask for it here.
 */

/** The object of one row of a column table: each column's element type. */
export type RowOf<T> = { [K in keyof T]: T[K] extends ArrayLike<infer V> ? V : never };

/** Row i of a column table as one object. */
export function rowAt<T extends object>(table: T, i: number): RowOf<T> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(table) as [string, ArrayLike<unknown>][]) row[key] = column[i];
  return row as RowOf<T>;
}

/** The value of column `key` at row i; undefined when the table has no such column. */
export function columnValue(table: object, key: string, i: number): unknown {
  if (!Object.prototype.hasOwnProperty.call(table, key)) return undefined;
  return (table as Record<string, ArrayLike<unknown>>)[key][i];
}
