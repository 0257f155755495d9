// TOTP secrets at rest: AES-256-GCM under a key derived (HKDF-SHA-256) from the TOTP_ENCRYPTION_KEY Worker secret.
// That secret lives outside D1, so a copy of the database (a backup, an export, a leaked query result) yields no
// authenticator. The stored form is versioned, `v1:` + base64(iv ‖ ciphertext ‖ tag), so the scheme or key can change
// later, and the user id is bound as additional data, so a row copied onto another user does not open. Whatever does
// not open (tampered, truncated, another key, an older row stored in the clear) counts as no authenticator: the code
// check fails closed.
const VERSION = 'v1:';
// HKDF's info label: a key derived from the same secret for any other purpose is a different key.
const INFO = 'lede:totp-secret:v1';
const IV_BYTES = 12;
const MIN_SECRET_LENGTH = 32;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const additionalData = (userId: string) => encoder.encode(`lede:user-totp:${userId}`);

// Derived once per isolate and Worker secret.
const derived = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string | undefined): Promise<CryptoKey> {
  // A missing or short secret is a deployment mistake: refuse loudly (a 500) rather than store anything weaker.
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`TOTP_ENCRYPTION_KEY must be set to at least ${MIN_SECRET_LENGTH} random characters`);
  }
  let key = derived.get(secret);
  if (!key) {
    key = crypto.subtle
      .importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey'])
      .then((material) =>
        crypto.subtle.deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode(INFO) },
          material,
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        ),
      );
    derived.set(secret, key);
  }
  return key;
}

/** The stored form of a user's TOTP secret. */
export async function sealTotpSecret(workerSecret: string, userId: string, totpSecret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(userId) },
    await keyFor(workerSecret),
    encoder.encode(totpSecret),
  );
  const out = new Uint8Array(IV_BYTES + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), IV_BYTES);
  return VERSION + b64(out);
}

/** The user's TOTP secret, or undefined when the stored value does not open for this user under this key. */
export async function openTotpSecret(
  workerSecret: string,
  userId: string,
  stored: string,
): Promise<string | undefined> {
  const key = await keyFor(workerSecret);
  if (!stored.startsWith(VERSION)) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(stored.slice(VERSION.length)), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
  // The IV and at least the 16-byte tag.
  if (bytes.byteLength < IV_BYTES + 16) return undefined;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: additionalData(userId) },
      key,
      bytes.subarray(IV_BYTES),
    );
    return decoder.decode(plain);
  } catch {
    return undefined;
  }
}
