// Social links on a profile: a handle per known network, never a free URL, so a profile can only link where its
// network says and a link's href is always built here. The same schema checks what the Admin API receives and what
// the site reads back from D1 before rendering it.
import { z } from 'zod';

interface Network {
  label: string;
  /** What a handle on this network looks like. */
  handle: RegExp;
  url: (handle: string) => string;
}

export const SOCIAL_NETWORKS = {
  x: { label: 'X', handle: /^[A-Za-z0-9_]{1,15}$/, url: (h) => `https://x.com/${h}` },
  github: {
    label: 'GitHub',
    handle: /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/,
    url: (h) => `https://github.com/${h}`,
  },
  mastodon: {
    label: 'Mastodon',
    // user@instance.example
    handle: /^[A-Za-z0-9_]{1,30}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i,
    url: (h) => `https://${h.split('@')[1]!.toLowerCase()}/@${h.split('@')[0]}`,
  },
  bluesky: {
    label: 'Bluesky',
    handle: /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i,
    url: (h) => `https://bsky.app/profile/${h.toLowerCase()}`,
  },
  linkedin: {
    label: 'LinkedIn',
    handle: /^[A-Za-z0-9](?:[A-Za-z0-9-]{1,98}[A-Za-z0-9])$/,
    url: (h) => `https://www.linkedin.com/in/${h}`,
  },
  instagram: {
    label: 'Instagram',
    handle: /^[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?$/,
    url: (h) => `https://www.instagram.com/${h}/`,
  },
  facebook: { label: 'Facebook', handle: /^[A-Za-z0-9.]{5,50}$/, url: (h) => `https://www.facebook.com/${h}` },
  youtube: {
    label: 'YouTube',
    handle: /^@[A-Za-z0-9_.-]{3,30}$/,
    url: (h) => `https://www.youtube.com/${h}`,
  },
} as const satisfies Record<string, Network>;

export type SocialNetwork = keyof typeof SOCIAL_NETWORKS;
export type SocialLinks = Partial<Record<SocialNetwork, string>>;

/** A leading @ is accepted and dropped, except on YouTube, where it is part of the handle. */
const bare = (network: SocialNetwork, value: string) => (network === 'youtube' ? value : value.replace(/^@/, ''));

const handleOf = (network: SocialNetwork) => {
  const { handle, label } = SOCIAL_NETWORKS[network];
  return z
    .string()
    .trim()
    .max(120)
    .refine((value) => handle.test(bare(network, value)), `Not a ${label} handle (a handle, not a URL).`);
};

/** `{ network: handle }` for known networks only; an unknown network or a URL instead of a handle is refused. */
export const SocialLinksSchema = z.strictObject(
  Object.fromEntries(
    (Object.keys(SOCIAL_NETWORKS) as SocialNetwork[]).map((network) => [network, handleOf(network).optional()]),
  ) as Record<SocialNetwork, z.ZodOptional<ReturnType<typeof handleOf>>>,
);

/** The links to show, in the networks' order, from what D1 holds; anything that no longer validates is left out. */
export function socialLinkList(stored: unknown): { network: SocialNetwork; label: string; href: string }[] {
  if (!stored || typeof stored !== 'object') return [];
  return (Object.keys(SOCIAL_NETWORKS) as SocialNetwork[]).flatMap((network) => {
    const parsed = handleOf(network).safeParse((stored as Record<string, unknown>)[network]);
    if (!parsed.success) return [];
    const { label, url } = SOCIAL_NETWORKS[network];
    return [{ network, label, href: url(bare(network, parsed.data)) }];
  });
}

/** The handles to store: without their optional leading @. */
export const normaliseSocialLinks = (links: SocialLinks): SocialLinks =>
  Object.fromEntries(
    (Object.entries(links) as [SocialNetwork, string | undefined][]).flatMap(([network, value]) =>
      value === undefined ? [] : [[network, bare(network, value)]],
    ),
  );
