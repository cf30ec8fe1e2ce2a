// Ids derived from content, so a write that is sent again (a retried push, a replayed rule) makes the same rows once.

/** A prefix, then FNV-1a over the parts in two 32-bit lanes, in base 36. */
export function contentId(prefix: string, parts: readonly string[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
  }
  return `${prefix}${h1.toString(36)}${h2.toString(36)}`;
}
