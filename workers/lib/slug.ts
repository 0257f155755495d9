// Unicode-safe slugs: letters and digits of every script survive (so 東京 stays 東京), everything else becomes '-'.
const MAX_SLUG = 185;

export function slugify(input: string): string {
  const slug = input
    .normalize('NFKC')
    .toLowerCase()
    // Apostrophes join words ("don't" → "dont") instead of splitting them.
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return truncate(slug, MAX_SLUG);
}

/** Cuts at a code point boundary and never leaves a trailing '-'. */
function truncate(slug: string, max: number): string {
  const chars = Array.from(slug);
  if (chars.length <= max) return slug;
  return chars.slice(0, max).join('').replace(/-+$/, '');
}

/** The first of base, base-2, base-3 … that is not taken. */
export function uniqueSlug(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${truncate(base, MAX_SLUG - String(n).length - 1)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
