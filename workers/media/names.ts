// Filenames arrive from clients and leave in URLs and Content-Disposition headers, so they are normalised once,
// on upload, and every header built from them is encoded (RFC 6266 with an RFC 8187 filename*).

const MAX_NAME_LENGTH = 120;
// Controls, quotes, characters that mean something in paths, headers or URLs, and invisible direction overrides.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f"'`<>:*?|\\;%#\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** The name a file is stored and served under: NFC, last path segment only, no unsafe characters, capped. */
export function normaliseFilename(raw: string): string {
  const last = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = last.replace(UNSAFE, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(cleaned.slice(dot)) : [];
  const keep = ext.length < 16 ? ext : [];
  return (
    chars
      .slice(0, MAX_NAME_LENGTH - keep.length)
      .join('')
      .trimEnd() + keep.join('')
  );
}

const encodeRfc8187 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/** A Content-Disposition header value that carries any filename without letting it end the header. */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}
