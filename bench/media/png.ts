// A photograph-like PNG made in Node with zlib alone (no image library): smooth gradients with fine noise, so the
// WebP variants photon makes from it are of a realistic size rather than a flat colour's few hundred bytes.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGB PNG of `width` × `height`; the same arguments always give the same bytes. */
export function makePng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, no filter method, no interlace
  const stride = 1 + width * 3;
  const raw = Buffer.alloc(stride * height);
  let seed = 42;
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) % 8;
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter type None
    for (let x = 0; x < width; x++) {
      const i = y * stride + 1 + x * 3;
      const wave = Math.sin(x / 97) * Math.cos(y / 61);
      raw[i] = Math.min(255, Math.round((x / width) * 200 + wave * 30 + 20 + noise()));
      raw[i + 1] = Math.min(255, Math.round((y / height) * 180 + 40 + noise()));
      raw[i + 2] = Math.min(255, Math.round(150 - wave * 60 + noise()));
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
