import { and, eq, lte, type SQLWrapper } from 'drizzle-orm';
import { posts } from '../schema';

/**
 * What readers may see: a published post whose publication time has come. Every public read (the site, its
 * feeds, the Content API and its counts) uses this one definition, so they cannot drift apart.
 */
export const isLive = (now: Date | SQLWrapper) => and(eq(posts.status, 'published'), lte(posts.publishedAt, now));
