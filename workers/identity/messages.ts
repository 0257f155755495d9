// The emails identity sends: an invitation and a password-reset link, as rows for the outbound message table. The
// token travels in the URL fragment, which browsers never send to a server nor put in a Referer header.
import { newId } from '../../d1/ids';
import type { NewOutboundMessage } from '../../d1/repositories/outbound-messages';
import type { Site } from '../../d1/repositories/sites';
import type { Role } from '../../d1/schema';

export const invitationLink = (origin: string, token: string) => `${origin}/admin/accept-invite#token=${token}`;
export const resetLink = (origin: string, token: string) => `${origin}/admin/reset-password#token=${token}`;

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
