// New record ids made on the device: random, URL-safe, and unique without asking the server (works offline).
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export function newId(): string {
  // crypto.randomUUID is missing on Safari 13; getRandomValues is there.
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 36];
  return out;
}
