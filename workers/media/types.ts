// Which files a site may hold: the type is decided by the content's magic bytes, then checked against the name's
// extension and the declared Content-Type. Anything not listed here is refused.
import { fileTypeFromBuffer } from 'file-type';
import type { MediaKind } from '../../d1/schema';
import { Problem } from '../http/problem';

/** How many leading bytes the detector reads (file-type's own minimum for every format it knows). */
export const SNIFF_BYTES = 4100;

export interface AllowedType {
  kind: MediaKind;
  /** The Content-Type the file is stored and served with. */
  mime: string;
  /** Filename extensions that may carry it (lower case, without the dot). */
  extensions: readonly string[];
  /** Other Content-Types clients commonly declare for it. */
  aliases: readonly string[];
}

const allow = (kind: MediaKind, mime: string, extensions: string[], aliases: string[] = []): AllowedType => ({
  kind,
  mime,
  extensions,
  aliases,
});

// Keyed by the extension file-type reports (or "svg", which this module detects itself).
const ALLOWED: Record<string, AllowedType> = {
  jpg: allow('image', 'image/jpeg', ['jpg', 'jpeg'], ['image/jpg', 'image/pjpeg']),
  png: allow('image', 'image/png', ['png']),
  gif: allow('image', 'image/gif', ['gif']),
  webp: allow('image', 'image/webp', ['webp']),
  avif: allow('image', 'image/avif', ['avif']),
  svg: allow('image', 'image/svg+xml', ['svg']),
  mp3: allow('audio', 'audio/mpeg', ['mp3'], ['audio/mp3']),
  m4a: allow('audio', 'audio/mp4', ['m4a'], ['audio/x-m4a', 'audio/m4a']),
  ogg: allow('audio', 'audio/ogg', ['ogg', 'oga'], ['application/ogg']),
  opus: allow('audio', 'audio/ogg', ['ogg', 'oga', 'opus'], ['audio/opus']),
  wav: allow('audio', 'audio/wav', ['wav'], ['audio/x-wav', 'audio/wave', 'audio/vnd.wave']),
  mp4: allow('video', 'video/mp4', ['mp4', 'm4v']),
  webm: allow('video', 'video/webm', ['webm']),
  pdf: allow('file', 'application/pdf', ['pdf']),
  zip: allow('file', 'application/zip', ['zip'], ['application/x-zip-compressed']),
};

// "<svg", optionally after an XML declaration, comments and a doctype; nothing else may come first.
const SVG_START = /^(?:<\?xml[^>]*\?>)?(?:\s|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*<svg[\s>/]/i;

function looksLikeSvg(head: Uint8Array): boolean {
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '');
  return SVG_START.test(text.trimStart());
}

/** The allowed type of these leading bytes, or undefined when they are not a format Lede accepts. */
export async function detectType(head: Uint8Array): Promise<AllowedType | undefined> {
  const detected = await fileTypeFromBuffer(head);
  // file-type calls anything starting with "<?xml" XML; whether it is an SVG is decided below.
  if (detected && detected.ext !== 'xml') return ALLOWED[detected.ext];
  return looksLikeSvg(head) ? ALLOWED.svg : undefined;
}

export const extensionOf = (name: string) => /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
const essence = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/** Refuses content whose type is not allowed, or whose name or declared Content-Type says something else. */
export async function checkType(head: Uint8Array, name: string, declared: string): Promise<AllowedType> {
  const type = await detectType(head);
  if (!type) {
    throw new Problem(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'The file is not an image, audio, video, PDF or ZIP Lede accepts.',
    );
  }
  const declaredType = essence(declared);
  if (declaredType !== type.mime && !type.aliases.includes(declaredType)) {
    throw new Problem(
      422,
      'TYPE_MISMATCH',
      `The content is ${type.mime} but was declared as ${declaredType || 'nothing'}.`,
    );
  }
  if (!type.extensions.includes(extensionOf(name))) {
    throw new Problem(
      422,
      'TYPE_MISMATCH',
      `The content is ${type.mime}; its filename must end in .${type.extensions.join(' or .')}.`,
    );
  }
  return type;
}
