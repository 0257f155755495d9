// Which app answers a request. The readers' app (./reader-app.ts) is evaluated when the isolate starts; the APIs that
// write (./api-app.ts) are imported by the first request under /api that is not the Content API's, so an isolate
// that only serves readers never evaluates the Admin API, its schemas or the editor's code.
import type { App } from './app';
import { isContentApiPath } from './cache/edge-cache';
import { readerApp } from './reader-app';

/** Every path under /api but the Content API's. */
export const isApiPath = (path: string) => /^\/api(\/|$)/.test(path) && !isContentApiPath(path);

let apiApp: Promise<App> | undefined;

/** The Admin and Members APIs and the docs: evaluated once per isolate, when first asked for. */
export const loadApiApp = (): Promise<App> => (apiApp ??= import('./api-app').then((m) => m.apiApp));

/** The app that answers `request`. */
export async function appFor(request: Request): Promise<App> {
  return isApiPath(new URL(request.url).pathname) ? loadApiApp() : readerApp;
}
