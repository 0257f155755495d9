// How long a password a person may choose: the API checks it (credential-input.ts) and the editor app's forms ask for
// it (admin/src/new-password.tsx) from these numbers, so the two cannot drift apart. No zod here: the editor app
// imports this file, and a schema built at load would come along into its bundle.

export const PASSWORD_MIN_LENGTH = 10;
/** Any longer is no stronger, and every character is hashed (PBKDF2, 100,000 rounds) on each sign-in. */
export const PASSWORD_MAX_LENGTH = 256;
