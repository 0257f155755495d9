// The media suite (`npm run bench -- media`): Lede under `wrangler dev`, started as `npm start` does, on a fresh
// state directory. (b) first, on an idle Worker: multipart uploads through the Admin API (a small cold one, then
// 100 and 200 MiB), with the Worker's workerd memory sampled, to show a body is streamed to R2 rather than held, so
// memory does not follow the file's size. (a) then: a stored WebP variant of an
// uploaded image served under autocannon at 10 and 50 connections, beside a constant answer from the same Worker
// (the runtime floor, present only under the dev-only LEDE_BENCH_FLOOR variable), with ratios to the floor.
// BENCH_MEDIA_SECONDS (default 10) sets the length of each measured run.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_FLOOR_PATH } from '../../workers/http/bench-floor';
import { load, type LoadResult } from './load';
import { makePng } from './png';
import { prepareState, signIn, startBenchServer } from '../demo';
import { onOneWorkerd } from '../proc';
import { MIB, multipartUpload, type UploadResult } from './upload';

const PART_BYTES = 10 * MIB;
/**
 * The first upload into a fresh Worker pays one-time costs (code paths compiled, the local R2's storage opened) that
 * workerd keeps; it is measured apart, so the 100 MiB figure is the upload's own. 200 MiB shows how it scales.
 */
const UPLOADS = [
  { label: 'first upload (cold Worker)', bytes: 20 * MIB },
  { label: '100 MiB', bytes: 100 * MIB },
  { label: '200 MiB', bytes: 200 * MIB },
];
const CONNECTIONS = [10, 50];
const WARMUP_SECONDS = 3;
/** A wide photograph-like image; its thumbnail-sized and article-sized variants are both measured. */
const IMAGE = { width: 2400, height: 1600, variants: [320, 1024] };

export async function runMedia(): Promise<void> {
  const seconds = Number(process.env.BENCH_MEDIA_SECONDS ?? 10);
  const stateDir = mkdtempSync(join(tmpdir(), 'lede-bench-media-'));
  try {
    await prepareState(stateDir);
    const { dev, port } = await startBenchServer(stateDir, ['--var', 'LEDE_BENCH_FLOOR:1']);
    try {
      const root = dev.process.pid!;
      const token = await signIn(dev.url);
      console.log(`  load average ${loadavg()[0]!.toFixed(2)}`);

      // The cold upload only means something on a fresh process: a reload repeats the three.
      const uploads = await onOneWorkerd(root, port, async (pids) => {
        const done: { label: string; result: UploadResult }[] = [];
        for (const { label, bytes } of UPLOADS) {
          done.push({ label, result: await multipartUpload({ url: dev.url, token }, pids, bytes, PART_BYTES) });
        }
        return done;
      });
      printUploads(uploads);

      const routes = [{ label: 'floor', path: BENCH_FLOOR_PATH }, ...(await storedVariants(dev.url, token))];
      const rows: { label: string; result: LoadResult }[] = [];
      for (const connections of CONNECTIONS) {
        // The floor first, then each variant, at each concurrency, so all see the same machine minutes apart at most.
        for (const { label, path } of routes) {
          console.log(`  ${label} at ${connections} connections: load average ${loadavg()[0]!.toFixed(2)}`);
          const url = `${dev.url}${path}`;
          const result = await onOneWorkerd(root, port, (pids) =>
            load(url, pids, connections, seconds, WARMUP_SECONDS),
          );
          rows.push({ label, result });
        }
      }
      printDelivery(rows, routes);
    } finally {
      await dev.stop();
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Uploads a generated photograph-like PNG and requests each variant once, so that it is made and stored. */
async function storedVariants(url: string, token: string): Promise<{ label: string; path: string }[]> {
  const png = makePng(IMAGE.width, IMAGE.height);
  const res = await fetch(`${url}/api/v1/admin/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png', 'x-filename': 'bench-photo.png' },
    body: png,
  });
  if (res.status !== 201) throw new Error(`image upload answered ${res.status}: ${await res.text()}`);
  const { media } = (await res.json()) as { media: { id: string; name: string } };
  console.log(`  image: ${IMAGE.width}×${IMAGE.height} PNG of ${(png.length / 1024).toFixed(0)} KiB`);
  const routes: { label: string; path: string }[] = [];
  for (const width of IMAGE.variants) {
    const path = `/media/${media.id}/w${width}/${encodeURIComponent(media.name)}`;
    const first = await fetch(`${url}${path}`);
    const body = await first.arrayBuffer();
    if (first.status !== 200 || first.headers.get('content-type') !== 'image/webp') {
      throw new Error(`variant w${width} answered ${first.status} ${first.headers.get('content-type')}`);
    }
    console.log(
      `  variant w${width}: WebP of ${(body.byteLength / 1024).toFixed(1)} KiB, made and stored on first request`,
    );
    routes.push({ label: `variant w${width} (${(body.byteLength / 1024).toFixed(0)} KiB)`, path });
  }
  return routes;
}

const mib = (bytes: number) => (bytes / MIB).toFixed(1);

function printUploads(rows: { label: string; result: UploadResult }[]): void {
  console.log(
    `\n  (b) multipart uploads through the Admin API, parts of ${mib(PART_BYTES)} MiB, RSS sampled every 20 ms\n`,
  );
  console.log(
    "  | upload | parts | seconds | MiB/s | Worker's workerd idle RSS (MiB) | peak RSS (MiB) | peak − idle (MiB) | " +
      '÷ file size | VmHWM before → after (MiB) | proxy workerd peak − idle (MiB) |',
  );
  console.log('  | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |');
  for (const { label, result: r } of rows) {
    const grew = r.workerPeak - r.workerIdle;
    console.log(
      `  | ${label} (${mib(r.bytes)} MiB) | ${r.parts} | ${r.seconds.toFixed(1)} | ${(r.bytes / MIB / r.seconds).toFixed(1)} | ` +
        `${mib(r.workerIdle)} | ${mib(r.workerPeak)} | ${mib(grew)} | ${((grew / r.bytes) * 100).toFixed(1)} % | ` +
        `${mib(r.workerHwm.before)} → ${mib(r.workerHwm.after)} | ${mib(r.proxyPeak - r.proxyIdle)} |`,
    );
  }
}

function printDelivery(rows: { label: string; result: LoadResult }[], routes: { label: string; path: string }[]): void {
  console.log(
    `\n  (a) delivery: GET /media/{id}/w{width}/bench-photo.png (stored variants) vs GET ${BENCH_FLOOR_PATH}\n`,
  );
  console.log(
    '  | route | connections | requests | req/s | p50 (ms) | p99 (ms) | MiB/s | Worker CPU ms/req | proxy CPU ms/req |',
  );
  console.log('  | --- | --: | --: | --: | --: | --: | --: | --: | --: |');
  for (const { label, result: r } of rows) {
    console.log(
      `  | ${label} | ${r.connections} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${r.p50Ms} | ${r.p99Ms} | ` +
        `${(r.bytesPerSecond / MIB).toFixed(1)} | ${r.workerCpuMs.toFixed(3)} | ${r.proxyCpuMs.toFixed(3)} |`,
    );
  }
  console.log('\n  | route | connections | req/s ÷ floor | p50 ÷ floor | p99 ÷ floor | Worker CPU/req ÷ floor |');
  console.log('  | --- | --: | --: | --: | --: | --: |');
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
  for (const connections of CONNECTIONS) {
    const at = (label: string) => rows.find((r) => r.label === label && r.result.connections === connections)!.result;
    const floor = at('floor');
    for (const { label } of routes.slice(1)) {
      const r = at(label);
      console.log(
        `  | ${label} | ${connections} | ${ratio(r.perSecond, floor.perSecond)} | ${ratio(r.p50Ms, floor.p50Ms)} | ` +
          `${ratio(r.p99Ms, floor.p99Ms)} | ${ratio(r.workerCpuMs, floor.workerCpuMs)} |`,
      );
    }
  }
}
