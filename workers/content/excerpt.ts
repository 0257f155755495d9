// A post's excerpt from its plain text. Its own module: the reader's pages and the Content API print excerpts, and
// importing them from markdown.ts would load the whole Markdown pipeline on the reader's path, which never renders.

/** A plain-text excerpt of at most `max` characters, cut at a word boundary. */
export function excerptOf(plaintext: string, max = 300): string {
  const flat = plaintext.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}
