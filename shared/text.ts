// Checks on plain text shared by the entity declarations and the validation of records.

/**
 * A lone half of a surrogate pair is not text: the database would store a replacement character instead. A loop, not
 * a regular expression: the lookbehind such a pattern needs breaks the whole app on Safari before 16.4 (decision 0006).
 */
export function hasLoneSurrogate(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}
