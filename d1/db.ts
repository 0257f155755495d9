import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';

type DrizzleD1 = ReturnType<typeof drizzle<typeof schema>>;

// Building a handle walks the whole schema to map its relations (drizzle's extractTablesRelationalConfig): a
// visible share of an uncached page's CPU when done per request. A handle holds no per-request state, so one per
// binding object is kept for the isolate's life.
const handles = new WeakMap<D1Database, DrizzleD1>();

/** The drizzle handle over a D1 binding, made once per binding object. */
export function openDatabase(d1: D1Database): DrizzleD1 {
  let db = handles.get(d1);
  if (!db) handles.set(d1, (db = drizzle(d1, { schema })));
  return db;
}

export type Database = ReturnType<typeof openDatabase>;
