// The email and password inputs of the identity routes (setup, sign-in, invitations, password changes and resets).
import { z } from '@hono/zod-openapi';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-rules';

export const Email = z.email().max(254);

/** A password being chosen. */
export const NewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH);

/** A password being checked: any stored one is at least one character and at most the longest that may be chosen. */
export const CurrentPassword = z.string().min(1).max(PASSWORD_MAX_LENGTH);
