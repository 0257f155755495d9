// Fixtures for the reader-site tests: content written through the Admin API as staff would, pages fetched as a
// reader would, and HTML/XML read with real parsers (workerd's HTMLRewriter) rather than string matching alone.
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import { api, type TestSite } from '../helpers';

export interface Page {
  status: number;
  headers: Headers;
  text: string;
}

/** A GET as a browser would send it, without following redirects. */
export async function get(host: string, path: string, headers: Record<string, string> = {}): Promise<Page> {
  const res = await SELF.fetch(`http://${host}${path}`, { headers: { host, ...headers }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** A body whose teaser (its first words, what readers see of a gated post) stops before `secret`. */
export const gatedMarkdown = (secret: string) => `${'Opening words. '.repeat(40)}\n\n${secret}`;

export interface WrittenPost {
  id: string;
  slug: string;
  title: string;
  status: string;
  authors: { id: string; slug: string; name: string }[];
}

let day = 0;
/** Distinct, increasing publication times in the past, so "newest first" is deterministic. */
export function nextPublishedAt(): string {
  return new Date(Date.UTC(2024, 0, 1) + ++day * 3_600_000).toISOString();
}

/** Creates a post (or page) as the editor; published, with a past publication time, unless the body says otherwise. */
export async function write(
  site: TestSite,
  body: Record<string, unknown>,
  options: { type?: 'posts' | 'pages'; as?: keyof TestSite['users'] } = {},
): Promise<WrittenPost> {
  const status = body.status ?? 'published';
  const res = await api(site.host, 'POST', `/api/v1/admin/${options.type ?? 'posts'}`, {
    token: site.users[options.as ?? 'editor'].token,
    body: {
      markdown: 'Some words.',
      status,
      ...(status === 'published' ? { published_at: nextPublishedAt() } : {}),
      ...body,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { post: WrittenPost }).post;
}

export async function change(
  site: TestSite,
  id: string,
  body: Record<string, unknown>,
  type: 'posts' | 'pages' = 'posts',
): Promise<WrittenPost> {
  const res = await api(site.host, 'PATCH', `/api/v1/admin/${type}/${id}`, { token: site.users.editor.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { post: WrittenPost }).post;
}

export interface Head {
  title: string;
  /** meta[name] and meta[property] contents, in document order. */
  meta: Map<string, string[]>;
  /** link rel → href (and type for alternates). */
  links: { rel: string; href: string; type: string | null }[];
  jsonLd: string[];
  /** Every script element's type attribute. */
  scriptTypes: (string | null)[];
  lang: string | null;
}

// HTMLRewriter hands attributes over as written, so entities are decoded here, as a browser would.
const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Parses a page's head as a crawler would. */
export async function readHead(html: string): Promise<Head> {
  const head: Head = { title: '', meta: new Map(), links: [], jsonLd: [], scriptTypes: [], lang: null };
  let ldIndex = -1;
  await new HTMLRewriter()
    .on('html', { element: (el) => void (head.lang = el.getAttribute('lang')) })
    .on('title', { text: (t) => void (head.title += decode(t.text)) })
    .on('meta', {
      element: (el) => {
        const key = el.getAttribute('property') ?? el.getAttribute('name');
        if (!key) return;
        head.meta.set(key, [...(head.meta.get(key) ?? []), decode(el.getAttribute('content') ?? '')]);
      },
    })
    .on('link', {
      element: (el) =>
        void head.links.push({
          rel: el.getAttribute('rel') ?? '',
          href: decode(el.getAttribute('href') ?? ''),
          type: el.getAttribute('type'),
        }),
    })
    .on('script', {
      element: (el) => {
        head.scriptTypes.push(el.getAttribute('type'));
        if (el.getAttribute('type') === 'application/ld+json') head.jsonLd[++ldIndex] = '';
      },
      // Script content is raw text: nothing to decode, and exactly what a JSON-LD consumer parses.
      text: (t) => void (ldIndex >= 0 && (head.jsonLd[ldIndex] += t.text)),
    })
    .transform(new Response(html))
    .text();
  return head;
}

export const metaOf = (head: Head, key: string) => head.meta.get(key)?.[0];

/**
 * A strict-enough well-formedness check for the feeds and the sitemap: tags balance, every "&" starts an entity,
 * no raw "<" sits in text, and no character XML 1.0 forbids appears.
 */
export function expectWellFormedXml(text: string): void {
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  // eslint-disable-next-line no-control-regex -- looking for exactly these characters
  expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(text)).toBe(false);
  expect(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(text)).toBe(false);
  const stack: string[] = [];
  const body = text.replace(/^<\?xml[^>]*\?>/, '');
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<|>/g;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    expect(m[2], `stray "${m[0]}" at ${m.index}: ${body.slice(m.index - 40, m.index + 40)}`).toBeDefined();
    if (m[4]) continue;
    if (m[1]) expect(stack.pop(), `closing </${m[2]}>`).toBe(m[2]);
    else stack.push(m[2]!);
  }
  expect(stack).toEqual([]);
}

/** The text of every element with this name, entity-decoded. */
export function xmlTexts(text: string, name: string): string[] {
  const re = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'g');
  return [...text.matchAll(re)].map((m) => decode(m[1] ?? ''));
}
