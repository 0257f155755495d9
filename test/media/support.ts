// Fixtures for the media tests: real images made with photon, raw uploads through the Worker, and R2 look-ups.
import { PhotonImage } from '@cf-wasm/photon';
import { SELF } from 'cloudflare:test';
import type { TestSite } from '../helpers';

export const MEDIA = '/api/v1/admin/media';
export const MIB = 1024 * 1024;

/** A PNG of `width` × `height`, mostly `rgb` with a contrasting stripe, encoded by photon. */
export function makePng(width: number, height: number, rgb: [number, number, number] = [200, 40, 40]): Uint8Array {
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const stripe = i % width < width / 8;
    pixels.set(stripe ? [10, 10, 10, 255] : [...rgb, 255], i * 4);
  }
  const image = new PhotonImage(pixels, width, height);
  try {
    return image.get_bytes();
  } finally {
    image.free();
  }
}

export function makeJpeg(width: number, height: number): Uint8Array {
  const image = PhotonImage.new_from_byteslice(makePng(width, height));
  try {
    return image.get_bytes_jpeg(80);
  } finally {
    image.free();
  }
}

export const text = (value: string) => new TextEncoder().encode(value);

/** Bytes that start with a real header and are padded to `size`. */
export function padded(head: Uint8Array, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(head.subarray(0, Math.min(head.length, size)));
  return bytes;
}

export interface UploadOptions {
  token: string;
  filename?: string;
  contentType?: string;
  query?: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
}

/** Sends raw bytes to an upload route (the JSON helper cannot carry a binary body). */
export async function rawUpload(site: TestSite, body: Uint8Array | null, options: UploadOptions) {
  const headers = new Headers(options.headers);
  headers.set('host', site.host);
  headers.set('authorization', `Bearer ${options.token}`);
  if (options.contentType) headers.set('content-type', options.contentType);
  if (options.filename !== undefined) headers.set('x-filename', encodeURIComponent(options.filename));
  const path = options.path ?? MEDIA;
  const res = await SELF.fetch(`http://${site.host}${path}${options.query ?? ''}`, {
    method: options.method ?? 'POST',
    headers,
    body,
  });
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('json') ? await res.json() : await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely
  return { status: res.status, headers: res.headers, body: parsed as any };
}

/** Fetches a public URL on the site's host. */
export function fetchPublic(site: TestSite, path: string, headers: Record<string, string> = {}) {
  return SELF.fetch(`http://${site.host}${path}`, { headers: { ...headers, host: site.host } });
}
