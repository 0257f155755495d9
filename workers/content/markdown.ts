// Markdown → sanitized HTML, once per save. remark is CommonMark-compliant (micromark), GFM adds tables,
// strikethrough, task lists and autolinks. Raw HTML in the source is parsed into the tree (rehype-raw) and then
// everything passes an allow-list sanitizer, so no author content can run script in a reader's browser.
import type { Root } from 'hast';
import { defaultSchema, type Schema } from 'hast-util-sanitize';
import { toText } from 'hast-util-to-text';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { addResponsiveImages, type LibraryImages, NO_LIBRARY_IMAGES } from './inline-images';

const schema: Schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption', 'mark', 'abbr', 'u'],
  attributes: {
    ...defaultSchema.attributes,
    img: [...(defaultSchema.attributes?.img ?? []), 'loading', 'width', 'height', 'title'],
    // No srcset from authors, on <img> or <source>: the only srcset in a post is the one added for library images
    // after sanitizing (./inline-images.ts), so every candidate a browser may pick is one of the site's own files.
    source: [],
    abbr: ['title'],
  },
  // No javascript:, data:, vbscript: … anywhere a URL goes.
  protocols: {
    href: ['http', 'https', 'mailto', 'tel'],
    src: ['http', 'https'],
    cite: ['http', 'https'],
    longDesc: ['http', 'https'],
    // The default schema allows these two but never checks their URLs.
    action: ['http', 'https'],
    srcSet: ['http', 'https'],
  },
};

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeSanitize, schema);

const stringifier = unified().use(rehypeStringify);

export interface Rendered {
  html: string;
  plaintext: string;
  /** Minutes at 275 words a minute, Ghost's figure; never 0 for a post with words. */
  readingTime: number;
}

/** `images`: the site's library images the Markdown may name (./inline-images.ts), given srcset, sizes and size. */
export function renderMarkdown(markdown: string, images: LibraryImages = NO_LIBRARY_IMAGES): Rendered {
  const tree = processor.runSync(processor.parse(markdown)) as Root;
  addResponsiveImages(tree, images);
  const html = stringifier.stringify(tree);
  const plaintext = toText(tree, { whitespace: 'normal' })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const words = plaintext.split(/\s+/).filter(Boolean).length;
  return { html, plaintext, readingTime: words === 0 ? 0 : Math.max(1, Math.round(words / 275)) };
}
