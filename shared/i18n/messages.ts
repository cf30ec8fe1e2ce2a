// The catalogues' shape, and how a text is looked up and filled: shared by the PWA and the server's mail merge.
import type { en } from './en.ts';

/** A text, or one per plural category of `{n}` (Intl.PluralRules: English `one`/`other`, French counts 0 as `one`). */
export type Message = string | ({ other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);
export type MessageKey = keyof typeof en;
/** Every language has exactly English's keys: one missing or extra fails the type-check. */
export type Catalogue = Record<MessageKey, Message>;

/**
 * Texts given at run time beside a catalogue (custom fields' captions, custom-texts.ts), by language, so that a
 * catalogue loaded later (the PWA loads French only for a French user) finds them too.
 */
const extras = new Map<string, Record<string, string>>();
const languageOf = new WeakMap<Catalogue, string>();
export function setExtraTexts(language: string, texts: Record<string, string>): void {
  extras.set(language, texts);
}
/** Each catalogue module names its language once, as it is defined. */
export function registerCatalogue(language: string, catalogue: Catalogue): void {
  languageOf.set(catalogue, language);
}

/** The catalogue's own text for a key (or a run-time one), or undefined (no fallback: that is the caller's choice). */
export function lookup(catalogue: Catalogue, key: string): Message | undefined {
  if (Object.prototype.hasOwnProperty.call(catalogue, key)) return catalogue[key as MessageKey];
  const language = languageOf.get(catalogue);
  const extra = language === undefined ? undefined : extras.get(language);
  return extra && Object.prototype.hasOwnProperty.call(extra, key) ? extra[key] : undefined;
}

const rules = new Map<string, Intl.PluralRules>();

/** The text for `params.n` in `locale`'s plural rules, with `{name}` placeholders filled from `params`. */
export function fill(message: Message, locale: string, params: Record<string, string | number> = {}): string {
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    let r = rules.get(locale);
    if (!r) rules.set(locale, (r = new Intl.PluralRules(locale)));
    text = message[r.select(Number(params.n ?? 0))] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}
