// The Admin API as the editor app uses it: JSON in, JSON or problem+json out, the access token from ./session.ts.
import { refreshSession, session } from './session';

export const ADMIN = '/api/v1/admin';

export interface Problem {
  status: number;
  code?: string;
  title?: string;
  detail?: string;
  errors?: { message?: string; context?: string }[];
  /** What a validation failure (VALIDATION_FAILED) lists: `path` names the field, as `json.slug`. */
  issues?: { path?: string; message?: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `Request failed (${problem.status})`);
  }
}

export { COOKIE_SESSION, refreshSession, session } from './session';

/** What a sign-in answers in the editor app: the refresh token is in its cookie, not here. */
export interface Tokens {
  access_token: string;
  user: Me;
}

/** Called when the API says the session is over; the app shows the sign-in screen. */
let onSignedOut: () => void = () => {};
export const whenSignedOut = (handler: () => void) => (onSignedOut = handler);

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  retried = false,
): Promise<T> {
  const h = new Headers(headers);
  if (session.token) h.set('authorization', `Bearer ${session.token}`);
  if (body !== undefined) h.set('content-type', 'application/json');
  const res = await fetch(`${ADMIN}${path}`, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // Only a signed-in request refreshes: a wrong password at sign-in is a 401 too.
  if (res.status === 401 && session.token) {
    if (!retried && (await refreshSession())) return api<T>(method, path, body, headers, true);
    session.end();
    onSignedOut();
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as Partial<Problem>;
    throw new ApiError({ ...problem, status: res.status });
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export interface Me {
  id: string;
  name: string;
  email: string;
  role: 'owner' | 'admin' | 'editor' | 'author' | 'contributor';
}

export interface PostSummary {
  id: string;
  title: string;
  slug: string;
  status: 'draft' | 'review' | 'scheduled' | 'published' | 'archived';
  version: number;
  updated_at: string;
  published_at: string | null;
  scheduled_at: string | null;
  url?: string;
  markdown?: string;
  html?: string;
  custom_excerpt?: string | null;
  authors: { id: string; name: string }[];
  tags: { id: string; name: string; slug: string }[];
}

/** The message of a failed request, for an alert. */
export const messageOf = (error: unknown) =>
  error instanceof ApiError
    ? [
        error.message,
        ...(error.problem.errors ?? []).map((e) => e.message),
        ...(error.problem.issues ?? []).map((i) => `${i.path?.replace(/^json\./, '') ?? ''}: ${i.message ?? ''}`),
      ]
        .filter(Boolean)
        .join(' ')
    : String(error);

type Nullable = string | null;

/** A post as `GET /posts/{id}` returns it: the summary plus everything the side panel edits. */
export interface Post extends PostSummary {
  feature_image: Nullable;
  feature_image_alt: Nullable;
  feature_image_caption: Nullable;
  featured: boolean;
  visibility: 'public' | 'members' | 'paid';
  meta_title: Nullable;
  meta_description: Nullable;
  og_title: Nullable;
  og_description: Nullable;
  og_image: Nullable;
  twitter_title: Nullable;
  twitter_description: Nullable;
  twitter_image: Nullable;
  canonical_url: Nullable;
  custom_fields: Record<string, string | number | boolean | null>;
  categories: { id: string; name: string; slug: string; parent_id: Nullable }[];
}

export interface Media {
  id: string;
  kind: 'image' | 'audio' | 'video' | 'file';
  name: string;
  url: string;
  width: number | null;
  height: number | null;
  alt: Nullable;
  caption: Nullable;
  created_at: string;
}

export interface StaffMember {
  id: string;
  name: string;
  email: string;
  role: Me['role'];
  status: 'active' | 'disabled';
}
