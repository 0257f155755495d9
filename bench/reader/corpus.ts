// The reader benchmark's posts: the same shape as the Ghost peer's seeded corpus (../shared/peers/ghost/lib), so
// both platforms serve pages of the same size: about 1,000 words each, headings every third paragraph, one list,
// one blockquote, bold text and a link per paragraph, and 3 of the same 12 tags. Lede's source format is Markdown,
// Ghost's seed sends HTML. A seeded PRNG makes every run build the same corpus.

export const TAGS = [
  'Engineering',
  'Product',
  'Design',
  'Culture',
  'Tutorials',
  'News',
  'Performance',
  'Security',
  'Open Source',
  'Cloud',
  'JavaScript',
  'Databases',
];

/** One hot post and the rest: `bench-post-0001` … `bench-post-1000`. */
export const postSlug = (i: number): string => `bench-post-${String(i).padStart(4, '0')}`;

/** The tags of post i, chosen as the Ghost peer's seed chooses them. */
export const tagsOf = (i: number): string[] => [0, 1, 2].map((k) => TAGS[(i * 7 + k * 5) % TAGS.length]!);

const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an they ' +
  'you were her she there been one all we their has would when if so no out what up said about into than them can ' +
  'only other time new some could these two may first then do any like my now over such our man me even most made ' +
  'after also did many before must through back years where much your way well down should because each just ' +
  'those people how too little state good very make world still own see men work long get here between both life ' +
  'being under never day same another know while last might us great old year off come since against go came right ' +
  'used take three states himself few house use during without again place around however home small found ' +
  'thought went say part once general high upon school every does got left number course until always away ' +
  'something fact though water less public put think almost hand enough far took head yet system better set told ' +
  'nothing night end why called point group'
).split(' ');

/** mulberry32: small, fast and seedable. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sentence(r: () => number, min = 8, max = 20): string {
  const n = min + Math.floor(r() * (max - min));
  const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]!);
  words[0] = words[0]![0]!.toUpperCase() + words[0]!.slice(1);
  return `${words.join(' ')}.`;
}

const paragraph = (r: () => number, sentences: number) =>
  Array.from({ length: sentences }, () => sentence(r)).join(' ');

/** About `targetWords` words of Markdown. */
export function articleMarkdown(r: () => number, targetWords = 1000): string {
  const parts: string[] = [];
  let words = 0;
  for (let p = 0; words < targetWords; p++) {
    if (p > 0 && p % 3 === 0) {
      const heading = sentence(r, 3, 7).replace(/\.$/, '');
      parts.push(`## ${heading}`);
      words += heading.split(' ').length;
    }
    if (p === 4) {
      const items = [sentence(r, 5, 10), sentence(r, 5, 10), sentence(r, 5, 10)];
      parts.push(items.map((item) => `- ${item}`).join('\n'));
      words += items.join(' ').split(' ').length;
    }
    if (p === 7) {
      const quote = sentence(r, 12, 20);
      parts.push(`> ${quote}`);
      words += quote.split(' ').length;
    }
    const text = paragraph(r, 4 + Math.floor(r() * 3));
    parts.push(text.replace(/ (\w+) (\w+)\./, ' **$1** [$2](https://example.com/).'));
    words += text.split(' ').length;
  }
  return parts.join('\n\n');
}

export interface BenchPost {
  slug: string;
  title: string;
  markdown: string;
  tags: string[];
  customExcerpt: string;
}

export function benchPost(i: number): BenchPost {
  const r = rng(1000 + i);
  const title = sentence(r, 4, 9).replace(/\.$/, '');
  const markdown = articleMarkdown(r);
  return { slug: postSlug(i), title, markdown, tags: tagsOf(i), customExcerpt: sentence(r, 15, 25) };
}
