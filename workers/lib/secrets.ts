// Opaque bearer secrets (refresh tokens, integration keys, recovery codes): random, shown once, stored as SHA-256.
// A 256-bit random secret needs no slow hash; SHA-256 makes a leaked table useless without making lookups costly.
const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/** `prefix` followed by 256 random bits in base64url. */
export function randomSecret(prefix: string): string {
  return prefix + base64url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
