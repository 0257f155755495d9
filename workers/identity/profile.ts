// A person's own public profile: name, bio, avatar, website, location and social links, shown on their author page.
// The avatar must be an image of this site's media library; it is stored as that file's absolute URL so the page
// of any site the person writes for can show it.
import type { Database } from '../../d1/db';
import { findMedia } from '../../d1/repositories/media';
import { eventInserts } from '../../d1/repositories/events';
import {
  findStaffMember,
  siteIdsOfUser,
  type StaffMember,
  updateProfileStatement,
  type User,
} from '../../d1/repositories/users';
import { buildEvent, eventRow } from '../../queues/events/build';
import type { Outbox } from '../../queues/events/relay';
import type { Actor } from '../app';
import { Problem } from '../http/problem';
import { normaliseSocialLinks, type SocialLinks } from '../lib/social';
import { mediaPath } from '../media/library';

export interface ProfileInput {
  name?: string;
  bio?: string | null;
  /** A media id of this site's library, or null to remove the avatar. */
  profile_image?: string | null;
  website?: string | null;
  location?: string | null;
  /** Replaces all the links; null removes them. */
  social_links?: SocialLinks | null;
}

const notAnImage = () =>
  new Problem(422, 'INVALID_PROFILE_IMAGE', 'profile_image must name an image in this site’s media library.', {
    issues: [{ path: 'profile_image', message: 'No image with this id in this site’s media library.' }],
  });

/** Saves the fields sent (and only those) on the actor's own account; returns the member as now stored. */
export async function updateOwnProfile(
  db: Database,
  actor: Actor,
  input: ProfileInput,
  origin: string,
  outbox: Outbox,
  now: Date,
): Promise<StaffMember> {
  const set: Partial<Pick<User, 'name' | 'bio' | 'website' | 'location' | 'profileImage' | 'socialLinks'>> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.bio !== undefined) set.bio = input.bio || null;
  if (input.website !== undefined) set.website = input.website;
  if (input.location !== undefined) set.location = input.location || null;
  if (input.social_links !== undefined) {
    const links = input.social_links && normaliseSocialLinks(input.social_links);
    set.socialLinks = links && Object.keys(links).length > 0 ? links : null;
  }
  if (input.profile_image !== undefined) {
    if (input.profile_image === null) set.profileImage = null;
    else {
      const file = await findMedia(db, actor.siteId, input.profile_image);
      if (!file || file.kind !== 'image') throw notAnImage();
      set.profileImage = `${origin}${mediaPath(file)}`;
    }
  }
  if (Object.keys(set).length > 0) {
    // The profile is the person's, so it shows on every site they belong to: each site's pages that show it (their
    // author page, their posts) are told by a term.changed event, written with the change.
    const trace = { actor: { type: 'user' as const, id: actor.userId }, correlationId: outbox.correlationId };
    const events = (await siteIdsOfUser(db, actor.userId)).map((siteId) =>
      eventRow(
        buildEvent(
          trace,
          {
            type: 'term.changed',
            siteId,
            aggregate: { type: 'user', id: actor.userId, version: 0 },
            payload: { kind: 'author', change: 'updated' },
          },
          now,
        ),
      ),
    );
    await db.batch([updateProfileStatement(db, actor.userId, set, now), ...eventInserts(db, events)]);
    outbox.committed(events);
  }
  return (await findStaffMember(db, actor.siteId, actor.userId))!;
}
