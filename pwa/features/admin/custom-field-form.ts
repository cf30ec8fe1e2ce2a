// The custom field form's plain logic: option lines ("value | English | Français") as the API takes them.
import type { CustomOption } from '../../../shared/entities/index.ts';

/** One option a line; a line with one part uses it for the value and both captions, with two the caption serves both languages. */
export function parseOptions(text: string): CustomOption[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.split('|').map((p) => p.trim()))
    .filter((parts) => parts.some((p) => p !== ''))
    .map(([value = '', en, fr]) => ({ value, en: en || value, fr: fr || en || value }));
}
