// The UI's language: English or French, chosen by the user (remembered) or their profile; `t` looks texts up.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import '../../shared/i18n/custom-texts.ts';
import { en } from '../../shared/i18n/en.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { fill, lookup, type Catalogue } from '../../shared/i18n/messages.ts';

export const LOCALES: Record<'en' | 'fr', Catalogue> = { en, fr };
export type Locale = keyof typeof LOCALES;
const KEY = 'fieldcrm.locale';

let current: Locale = 'en';
const hosts = new Set<ReactiveControllerHost>();

export function locale(): Locale {
  return current;
}

export function setLocale(l: Locale, remember = true): void {
  current = l;
  if (remember) localStorage.setItem(KEY, l);
  if (typeof document !== 'undefined') document.documentElement.lang = l;
  for (const h of hosts) h.requestUpdate();
}

/** The remembered choice, else the profile's, else the browser's. */
export function initialLocale(profile?: string): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
  const pick = saved ?? profile ?? (typeof navigator === 'undefined' ? 'en' : navigator.language.slice(0, 2));
  return pick === 'fr' ? 'fr' : 'en';
}

/** Looks a key up in the current language, then English; plural forms by `{n}`, `{name}` placeholders from `params`. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  return fill(lookup(LOCALES[current], key) ?? lookup(en, key) ?? key, current, params);
}

/** The label of a field: entity-specific key first, then the shared one (`field.emails`). */
export function fieldLabel(entity: string, field: string): string {
  const specific = `field.${entity}.${field}`;
  return lookup(LOCALES[current], specific) || lookup(en, specific) ? t(specific) : t(`field.${field}`);
}

export const optionLabel = (value: string): string => t(`option.${value}`);

/** "Label: value" as each language writes it (French puts a no-break space before the colon). */
export const labelled = (label: string, value: string): string => t('ui.labelled', { label, value });

/** The title of a new record's form: "New: Note", « Nouveau : note » (French lower-cases the entity after the colon). */
export function newTitle(entity: string): string {
  const caption = t(`entity.${entity}`);
  return t('ui.newTitle', { entity: current === 'fr' ? caption.toLocaleLowerCase('fr') : caption });
}

/** Re-renders its element when the language changes. */
export class LocaleController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    hosts.add(this.host);
  }
  hostDisconnected(): void {
    hosts.delete(this.host);
  }
}
