// What an isolate evaluates when it starts is the readers' path alone: the Worker as wrangler would upload it, read
// through its esbuild metafile. The APIs that write, the editor's rooms, the Markdown renderer and the queue
// consumers, a filter's parser and the image codecs are in the bundle but reached only by a dynamic import(), so a
// reader's cold start never runs them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker, type StartupGraph, startupGraph } from '../../scripts/bundle';

/** What a page view never needs at start, each a pattern that must name at least one source in the bundle. */
const ON_FIRST_USE: Record<string, RegExp> = {
  'the Admin API': /^workers\/admin-api\.ts$/,
  'the Members API': /^workers\/members-api\.ts$/,
  'the sign-in routes': /^workers\/identity\/(routes|member-routes)\.ts$/,
  'the API docs': /^workers\/openapi\//,
  "the editor's room": /^durable-objects\/post-room\/room\.ts$/,
  'Yjs and its protocols': /^node_modules\/(yjs|y-protocols|lib0)\//,
  'the Markdown renderer': /^node_modules\/(micromark|remark-parse|rehype-raw|parse5|unified)\//,
  "uploads' file sniffing": /^node_modules\/file-type\//,
  'the NQL parser and luxon': /^node_modules\/(@tryghost\/nql-lang|luxon)\//,
  "photon's bindings": /^node_modules\/@cf-wasm\/photon\//,
  'the queue consumers': /^queues\/handler\.ts$/,
};

let outdir: string;
let graph: StartupGraph;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'lede-startup-'));
  graph = startupGraph((await buildWorker(outdir)).metafile);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("the Worker's startup", () => {
  it("evaluates the readers' app: the site, the Content API and media delivery", () => {
    const readers = ['workers/reader-app.ts', 'workers/site/routes.tsx', 'workers/content-api/index.ts'];
    for (const source of [...readers, 'workers/media/delivery.ts']) expect(graph.atStart).toContain(source);
  });

  it.each(Object.entries(ON_FIRST_USE))('leaves %s to its first use', (_name, pattern) => {
    expect([...graph.onFirstUse].filter((source) => pattern.test(source))).not.toEqual([]);
    expect([...graph.atStart].filter((source) => pattern.test(source))).toEqual([]);
  });
});
