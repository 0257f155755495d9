import { and, eq, gte, lt, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * `base` and every `base-…` slug, as an index-friendly range. LIKE is not an option: D1 refuses LIKE patterns
 * longer than 50 bytes, and slugs run to 185 characters.
 */
export function slugFamily(column: SQLiteColumn, base: string): SQL | undefined {
  // '.' is the character right after '-', so [base-, base.) is exactly the slugs that start with "base-".
  return or(eq(column, base), and(gte(column, `${base}-`), lt(column, `${base}.`)));
}
