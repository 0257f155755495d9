// Markdown rendering and sanitizing: CommonMark and GFM render as expected, and no author input can put script in a
// reader's browser. Output is checked by re-parsing it with an HTML5 parser (parse5, via rehype-raw), so what is
// inspected is what a browser would build, not what a regex would see.
import fc from 'fast-check';
import type { Element, Root, RootContent } from 'hast';
import rehypeRaw from 'rehype-raw';
import { unified } from 'unified';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MediaRow } from '../../d1/repositories/media';
import type { LibraryImages } from '../../workers/content/inline-images';
import { renderMarkdown } from '../../workers/content/markdown';
import { createTestSite, type TestSite } from '../helpers';
import { createPost } from './support';

const html = (markdown: string) => renderMarkdown(markdown).html;

const FORBIDDEN_ELEMENTS = new Set(
  'script style iframe frame frameset object embed applet form meta link base svg math template noscript'.split(' '),
);
const URL_PROPERTIES = new Set([
  'href',
  'src',
  'action',
  'formAction',
  'xLinkHref',
  'poster',
  'cite',
  'data',
  'srcSet',
]);
const reparse = (output: string) =>
  unified()
    .use(rehypeRaw)
    .runSync({ type: 'root', children: [{ type: 'raw', value: output }] } as unknown as Root) as Root;
const elements = (node: Root | RootContent): Element[] =>
  'children' in node ? [...(node.type === 'element' ? [node] : []), ...node.children.flatMap(elements)] : [];
// Browsers drop ASCII whitespace and control characters from URLs before reading the scheme.
// eslint-disable-next-line no-control-regex
const schemeOf = (url: string) => /^([a-z][a-z0-9+.-]*):/.exec(url.replace(/[\u0000-\u0020]/g, '').toLowerCase())?.[1];

// A start tag as rehype-stringify writes it: bare or double-quoted attributes, in which quotes are escaped.
const START_TAG = /<([a-z][a-z0-9-]*)(?:\s+[^\s"'>/=]+(?:="[^"]*")?)*\s*\/?>/gi;

/** Fails unless `output`, as a browser would parse it, holds no script, handler, style or unsafe URL. */
function expectSafe(output: string) {
  // Inside a quoted attribute value "<" is inert and the serializer leaves it as is; anywhere else it must be escaped.
  expect(output.replace(START_TAG, '<$1>')).not.toMatch(/<script/i);
  for (const el of elements(reparse(output))) {
    expect(FORBIDDEN_ELEMENTS.has(el.tagName), `<${el.tagName}> in ${output}`).toBe(false);
    for (const [name, value] of Object.entries(el.properties)) {
      expect(/^on/i.test(name), `${name} on <${el.tagName}> in ${output}`).toBe(false);
      expect(name, output).not.toBe('style');
      if (URL_PROPERTIES.has(name)) {
        const scheme = schemeOf(String(value));
        expect(scheme === undefined || ['http', 'https', 'mailto', 'tel'].includes(scheme), `${name}=${value}`).toBe(
          true,
        );
      }
      if (name === 'id' || name === 'name') expect(String(value)).toMatch(/^user-content-/);
    }
  }
}

// Protects the Markdown authors write: CommonMark and GFM render to the expected HTML.
describe('rendering', () => {
  it.each([
    ['*em* and **strong**', '<p><em>em</em> and <strong>strong</strong></p>'],
    ['- a\n- b', '<ul>\n<li>a</li>\n<li>b</li>\n</ul>'],
    ['1. one\n2. two', '<ol>\n<li>one</li>\n<li>two</li>\n</ol>'],
    ['```ts\nconst a = 1 < 2;\n```', '<pre><code class="language-ts">const a = 1 &#x3C; 2;\n</code></pre>'],
    ['[Lede](https://lede.dev "Home")', '<p><a href="https://lede.dev" title="Home">Lede</a></p>'],
    ['| a | b |\n|---|:-:|\n| 1 | 2 |', '<table>\n<thead>\n<tr>\n<th>a</th>\n<th align="center">b</th>'],
    ['~~gone~~', '<p><del>gone</del></p>'],
    ['> quoted', '<blockquote>\n<p>quoted</p>\n</blockquote>'],
    ['## Title', '<h2>Title</h2>'],
    ['Visit https://example.com now', '<p>Visit <a href="https://example.com">https://example.com</a> now</p>'],
    ['- [x] done', '<li class="task-list-item"><input type="checkbox" checked disabled> done</li>'],
    ['a < b & `<i>`', '<p>a &#x3C; b &#x26; <code>&#x3C;i></code></p>'],
    ['<mark>kept</mark> <u>too</u>', '<p><mark>kept</mark> <u>too</u></p>'],
  ])('%j', (markdown, expected) => {
    expect(html(markdown)).toContain(expected);
  });

  it('counts reading time and plain text', () => {
    const rendered = renderMarkdown(`# Head\n\n${'word '.repeat(550)}`);
    expect(rendered.readingTime).toBe(2);
    expect(rendered.plaintext.startsWith('Head')).toBe(true);
    expect(renderMarkdown('').readingTime).toBe(0);
  });
});

const PAYLOADS: [string, string, string?][] = [
  ['script tag', '<script>alert(1)</script>'],
  ['script tag, mixed case', '<ScRiPt>alert(1)</sCrIpT>'],
  ['javascript: link', '[x](javascript:alert(1))', '<a>x</a>'],
  ['JAVASCRIPT: link', '[x](JAVASCRIPT:alert(1))', '<a>x</a>'],
  ['javascript: with a tab', '[x](java\tscript:alert(1))'],
  ['entity-encoded javascript: link', '<a href="j&#x61;vascript:alert(1)">x</a>', '<a>x</a>'],
  ['decimal-encoded javascript: link', '<a href="&#106;avascript:alert(1)">x</a>', '<a>x</a>'],
  ['reference-style javascript: link', '[x][evil]\n\n[evil]: javascript:alert(1)'],
  ['javascript: autolink', '<javascript:alert(1)>'],
  ['img onerror', '<img src=x onerror=alert(1)>', '<img src="x">'],
  ['markdown image with javascript:', '![a](javascript:alert(1))'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['svg script', '<svg><script>alert(1)</script></svg>'],
  ['svg onload', '<svg onload=alert(1)>'],
  [
    'math mglyph style',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  ],
  ['math href', '<math href="javascript:alert(1)">x</math>'],
  ['data: link', '<a href="data:text/html,<script>alert(1)</script>">d</a>', '<a>d</a>'],
  ['data: image', '<img src="data:image/svg+xml,<svg onload=alert(1)>">'],
  ['style attribute', '<p style="background:url(javascript:alert(1))">s</p>', '<p>s</p>'],
  ['style element', '<style>body{background:url(javascript:alert(1))}</style>'],
  ['action on an element that allows it', '<b action="javascript:alert(1)">b</b>', '<b>b</b>'],
  [
    'picture source srcset',
    '<picture><source srcset="javascript:alert(1)"><img src="https://ok.example/i.png"></picture>',
  ],
  // Only the srcset Lede writes for its own library images survives (test/media/inline-images.test.ts).
  [
    'hand-written srcset on a source',
    '<picture><source srcset="https://cdn.example/a.png 2x, /b.png 1x"><img src="/b.png"></picture>',
    '<picture><source><img src="/b.png"></picture>',
  ],
  [
    'hand-written srcset and sizes on an img',
    '<img src="https://ok.example/i.png" srcset="javascript:alert(1) 1x, https://evil.example/x.png 2x" sizes="9px">',
    '<img src="https://ok.example/i.png">',
  ],
  ['object', '<object data="javascript:alert(1)"></object>'],
  ['embed', '<embed src="javascript:alert(1)">'],
  ['form action', '<form action="javascript:alert(1)"><button>go</button></form>'],
  ['formaction', '<button formaction="javascript:alert(1)">go</button>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['base href', '<base href="javascript:alert(1)//">'],
  ['details ontoggle', '<details open ontoggle=alert(1)><summary>s</summary></details>'],
  ['noscript breakout', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
  ['comment breakout', '<!--><img src=x onerror=alert(1)>-->'],
  ['html inside a markdown link', '[<img src=x onerror=alert(1)>](https://ok.example)'],
  ['markdown inside html', '<div>\n\n[x](javascript:alert(1))\n\n</div>'],
  ['script in a code fence info string', '```<script>alert(1)</script>\nx\n```'],
  ['script in a link title', '[x](https://ok.example "<script>alert(1)</script>")'],
  ['clobbering name and id', '<img name="cookie" id="location" src="https://ok.example/i.png">'],
];

// Protects readers from author content: each classic payload renders harmless, keeping the harmless parts.
describe('sanitizing', () => {
  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href=" JaVa&#x09;script:alert(1)">x</a>',
    '<p style="color:red">x</p>',
    '<svg><g></g></svg>',
    '<img name="cookie">',
  ])('(the check itself rejects %s)', (unsafe) => {
    expect(() => expectSafe(unsafe)).toThrow();
  });

  it.each(PAYLOADS)('neutralises %s', (_label, markdown, kept) => {
    const output = html(markdown);
    expectSafe(output);
    if (kept) expect(output).toContain(kept);
  });

  it('never lets script, handlers or unsafe URLs through for random input laced with payload fragments', () => {
    const fragments = [
      ...PAYLOADS.map(([, markdown]) => markdown),
      ...['<', '>', '"', "'", '=', '`', '```', '\n', '\n\n', ' on', 'onerror=', 'javascript:', 'java', 'script:'],
      ...['&#x6a;', '&#106;', '&colon;', '[x](', ')', '<a href=', '<img src=', '<!--', '-->', '<![CDATA[', ']]>'],
    ];
    const input = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 8 })), { maxLength: 14 });
    fc.assert(
      fc.property(input, (parts) => expectSafe(html(parts.join('')))),
      { numRuns: 400 },
    );
  });
});

// Protects readers from srcset tricks: given the library's images, only an <img> of one of them gains a srcset, and
// every candidate in it is one of that file's own URLs.
describe('library images', () => {
  const id = '0d7c4b8e-0000-4000-8000-00000000abcd';
  const row = {
    id,
    siteId: 'site',
    kind: 'image',
    name: 'a b.png',
    contentType: 'image/png',
    size: 1000,
    r2Key: `sites/site/media/${id}/a b.png`,
    width: 800,
    height: 400,
    format: 'png',
    dominantColor: '#000000',
    alt: null,
    caption: null,
    uploadedBy: 'user',
    createdAt: new Date(0),
    updatedAt: new Date(0),
  } satisfies MediaRow;
  const images: LibraryImages = { byId: new Map([[id, row]]), hosts: new Set(['blog.example']) };
  const ours = `/media/${id}/w320/a%20b.png 320w, /media/${id}/w640/a%20b.png 640w, /media/${id}/a%20b.png 800w`;

  it('adds srcset, sizes, size and lazy loading to the library image only, replacing any written by hand', () => {
    const output = renderMarkdown(
      [
        `<img src="/media/${id}/a%20b.png" srcset="https://evil.example/x.png 9000w" sizes="1px" alt="ours">`,
        `<img src="https://evil.example/media/${id}/a%20b.png" alt="elsewhere">`,
      ].join('\n\n'),
      images,
    ).html;
    expect(output).toContain(
      `<img src="/media/${id}/a%20b.png" alt="ours" width="800" height="400" srcset="${ours}" ` +
        `sizes="(max-width: 44rem) calc(100vw - 2.5rem), 666px" loading="lazy" decoding="async">`,
    );
    expect(output).toContain(`<img src="https://evil.example/media/${id}/a%20b.png" alt="elsewhere">`);
    expect(output).not.toContain('9000w');
    expect(renderMarkdown(`![x](https://blog.example/media/${id}/a%20b.png)`, images).html).toContain(
      `srcset="${ours}"`,
    );
  });

  it('stays safe for random input laced with library images and srcset payloads', () => {
    const fragments = [
      `![a](/media/${id}/a%20b.png)`,
      `<img src="/media/${id}/a%20b.png"`,
      ' srcset="javascript:alert(1) 1x"',
      ' onerror=alert(1)',
      ' width="',
      '>',
      '"',
      '\n\n',
      ...PAYLOADS.map(([, markdown]) => markdown),
    ];
    const input = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 })), { maxLength: 10 });
    fc.assert(
      fc.property(input, (parts) => {
        const output = renderMarkdown(parts.join(''), images).html;
        expectSafe(output);
        for (const el of elements(reparse(output))) {
          if (el.properties.srcSet !== undefined) expect(String(el.properties.srcSet)).toBe(ours);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// Protects the stored HTML: what the API saves is the sanitized render of the Markdown it was sent.
describe('through the Admin API', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite('markdown');
  });

  it('stores sanitized HTML for every payload, on create and on update', async () => {
    const markdown = PAYLOADS.map(([, payload]) => payload).join('\n\n');
    const post = await createPost(site.host, site.users.author.token, { title: 'Payloads', markdown });
    expect(post.html).toBe(html(markdown));
    expectSafe(String(post.html));
    expect(post.markdown).toBe(markdown);
  });
});
