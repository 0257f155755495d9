// Which images Lede decodes and the widths of the copies it makes. Pages read these to write srcset for every
// library image; photon, which does the decoding (./images.ts), is imported only where an image is decoded.

export const VARIANT_WIDTHS = [320, 640, 1024, 1600] as const;

/** Formats photon can decode; the others get no dimensions from it and no variants. */
export const DECODABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** Larger files are not decoded inside a request: a Worker has 128 MB, and decoded pixels take 4 bytes each. */
export const MAX_DECODE_BYTES = 15 * 1024 * 1024;

/** Whether resized copies can be made: photon decodes it, it is not animated (GIF), and it is small enough. */
export const hasVariants = (file: { contentType: string; size: number }) =>
  DECODABLE.has(file.contentType) && file.contentType !== 'image/gif' && file.size <= MAX_DECODE_BYTES;
