// Image facts and responsive variants, decoded and encoded with photon (Rust image codecs compiled to WebAssembly,
// which runs inside workerd). Photon reads PNG, JPEG, GIF and WebP and writes WebP; AVIF and SVG are served as-is.
// Loaded only where an image is decoded (an upload, the first request for a variant), never when a page is read:
// which files get variants, and at which widths, is ./image-formats.ts.
import { PhotonImage, resize, SamplingFilter } from '@cf-wasm/photon';

const MAX_PIXELS = 24_000_000;

export interface ImageFacts {
  width: number;
  height: number;
  format: string;
  dominantColor: string;
}

const hex = (n: number) => n.toString(16).padStart(2, '0');

/** The most common colour (in 4-bit-per-channel buckets) of a small copy, averaged within its bucket. */
function dominantColor(image: PhotonImage): string {
  const scale = Math.min(1, 32 / Math.max(image.get_width(), image.get_height()));
  const small = resize(
    image,
    Math.max(1, Math.round(image.get_width() * scale)),
    Math.max(1, Math.round(image.get_height() * scale)),
    SamplingFilter.Triangle,
  );
  try {
    const pixels = small.get_raw_pixels();
    const buckets = new Map<number, [number, number, number, number]>();
    for (let i = 0; i + 3 < pixels.length; i += 4) {
      if (pixels[i + 3]! < 128) continue; // transparent pixels are no one's colour
      const [r, g, b] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
      const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
      const bucket = buckets.get(key) ?? [0, 0, 0, 0];
      bucket[0] += r;
      bucket[1] += g;
      bucket[2] += b;
      bucket[3] += 1;
      buckets.set(key, bucket);
    }
    let best: [number, number, number, number] = [0, 0, 0, 0];
    for (const bucket of buckets.values()) if (bucket[3] > best[3]) best = bucket;
    if (best[3] === 0) return '#000000';
    return `#${hex(Math.round(best[0] / best[3]))}${hex(Math.round(best[1] / best[3]))}${hex(Math.round(best[2] / best[3]))}`;
  } finally {
    small.free();
  }
}

function decode(bytes: Uint8Array): PhotonImage | undefined {
  const size = headerSize(bytes);
  if (size && size.width * size.height > MAX_PIXELS) return undefined;
  try {
    return PhotonImage.new_from_byteslice(bytes);
  } catch {
    return undefined;
  }
}

/** Width, height, format and dominant colour, or undefined when the bytes cannot be decoded safely. */
export function imageFacts(bytes: Uint8Array, contentType: string): ImageFacts | undefined {
  const image = decode(bytes);
  if (!image) return undefined;
  try {
    return {
      width: image.get_width(),
      height: image.get_height(),
      format: contentType.replace(/^image\//, ''),
      dominantColor: dominantColor(image),
    };
  } finally {
    image.free();
  }
}

/** A WebP copy `width` pixels wide, or undefined when the image cannot be decoded. Callers never ask to upscale. */
export function webpVariant(bytes: Uint8Array, width: number): Uint8Array | undefined {
  const image = decode(bytes);
  if (!image) return undefined;
  try {
    const height = Math.max(1, Math.round((image.get_height() * width) / image.get_width()));
    const resized = resize(image, width, height, SamplingFilter.Lanczos3);
    try {
      return resized.get_bytes_webp();
    } finally {
      resized.free();
    }
  } finally {
    image.free();
  }
}

/** Dimensions from a PNG or GIF header, read before decoding so a tiny file cannot claim a huge canvas. */
function headerSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 10 && bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) {
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  return jpegSize(bytes, view);
}

function jpegSize(bytes: Uint8Array, view: DataView): { width: number; height: number } | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    // SOF0..SOF15 carry the frame size, except DHT (c4), JPG (c8) and DAC (cc).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    offset += 2 + view.getUint16(offset + 2);
  }
  return undefined;
}
