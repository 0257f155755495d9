// Work that finishes after the response (relaying events, storing a page in the edge cache) is handed to waitUntil.
import type { Context } from 'hono';
import type { AppEnv } from '../app';

export function keepAlive(c: Context<AppEnv>, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No execution context (app.request() in a unit test): the promise still runs, it is just not awaited.
  }
}
