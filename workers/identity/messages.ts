// The emails identity sends: an invitation, a password-reset link and a member's sign-in link, as rows for the
// outbound message table. The staff links carry the token in the URL fragment, which browsers never send to a server
// nor put in a Referer header: the editor app's script reads it. The published site runs no script, so a member's
// link carries it in the query, and the page it opens only spends it when the reader presses its button.
import { newId } from '../../d1/ids';
import type { NewOutboundMessage } from '../../d1/repositories/outbound-messages';
import type { Site } from '../../d1/repositories/sites';
import type { Role } from '../../d1/schema';

export const invitationLink = (origin: string, token: string) => `${origin}/admin/accept-invite#token=${token}`;
export const resetLink = (origin: string, token: string) => `${origin}/admin/reset-password#token=${token}`;
/** The site's sign-in page (workers/site/members.tsx); opening it spends nothing, its button does. */
export const memberLink = (origin: string, token: string) => `${origin}/members/sign-in/?token=${token}`;

const email = (site: Site, recipient: string, kind: NewOutboundMessage['kind'], subject: string, lines: string[]) =>
  ({
    id: newId(),
    siteId: site.id,
    channel: 'email',
    recipient,
    kind,
    subject,
    body: lines.join('\n'),
  }) satisfies Omit<NewOutboundMessage, 'createdAt'>;

export function invitationMessage(
  site: Site,
  to: { email: string; role: Role },
  inviterName: string,
  link: string,
  expiresAt: Date,
) {
  return email(site, to.email, 'invitation', `You are invited to join ${site.title}`, [
    `${inviterName} invited you to join ${site.title} as ${/^[aeiou]/.test(to.role) ? 'an' : 'a'} ${to.role}.`,
    '',
    `Accept the invitation: ${link}`,
    '',
    `The link works once, until ${expiresAt.toISOString()}.`,
  ]);
}

export function passwordResetMessage(site: Site, to: string, link: string, expiresAt: Date) {
  return email(site, to, 'password_reset', `Reset your password for ${site.title}`, [
    `Someone (hopefully you) asked to reset the password of your account on ${site.title}.`,
    '',
    `Choose a new password: ${link}`,
    '',
    `The link works once, until ${expiresAt.toISOString()}. If you did not ask, ignore this email.`,
  ]);
}

export function memberSignInMessage(site: Site, to: string, newMember: boolean, link: string, expiresAt: Date) {
  const [subject, action] = newMember
    ? [`Confirm your sign-up to ${site.title}`, 'Confirm your email and sign in']
    : [`Sign in to ${site.title}`, 'Sign in'];
  return email(site, to, 'member_sign_in', subject, [
    `Someone (hopefully you) asked for a link to ${newMember ? 'sign up to' : 'sign in to'} ${site.title}.`,
    '',
    `${action}: ${link}`,
    '',
    `The link works once, until ${expiresAt.toISOString()}. If you did not ask, ignore this email.`,
  ]);
}
