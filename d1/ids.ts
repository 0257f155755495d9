/** Random ids for new rows: UUIDs, except Content API keys which Ghost clients expect as 26 hex characters. */
export const newId = () => crypto.randomUUID();

export function randomHex(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}
