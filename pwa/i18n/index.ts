// The UI's language: English or French, chosen by the user (remembered) or their profile; `t` looks texts up.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import '../../shared/i18n/custom-texts.ts';
import { en } from '../../shared/i18n/en.ts';
import { fill, lookup, type Catalogue } from '../../shared/i18n/messages.ts';

export type Locale = 'en' | 'fr';
export const LOCALE_NAMES: readonly Locale[] = ['en', 'fr'];
const KEY = 'fieldcrm.locale';

/**
 * English is in the first screen's code (every text falls back to it); French is a chunk of its own, loaded for a
 * French user only (about 17 KB compressed that an English user never loads; the service worker keeps it offline).
 */
const catalogues: Partial<Record<Locale, Catalogue>> = { en };
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<Catalogue>> = { fr: () => import('../../shared/i18n/fr.ts').then((m) => m.fr) };
const loading = new Map<Locale, Promise<void>>();

let current: Locale = 'en';
const hosts = new Set<ReactiveControllerHost>();

export function locale(): Locale {
  return current;
}

/** Loads a language's texts (once); the shell waits for the first one before it renders (main.ts). */
export function loadLocale(l: Locale): Promise<void> {
  if (l === 'en' || catalogues[l]) return Promise.resolve();
  let p = loading.get(l);
  if (!p) {
    p = LOADERS[l]().then((c) => {
      catalogues[l] = c;
      for (const h of hosts) h.requestUpdate();
    });
    p.catch(() => loading.delete(l)); // offline before the chunk was ever kept: English until the next try
    loading.set(l, p);
  }
  return p;
}

/** Switches the language; a language not loaded yet shows in English for the moment its texts take to arrive. */
export function setLocale(l: Locale, remember = true): void {
  current = l;
  if (remember) localStorage.setItem(KEY, l);
  if (typeof document !== 'undefined') document.documentElement.lang = l;
  if (!catalogues[l]) loadLocale(l).catch(() => undefined);
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
  return fill(lookup(catalogues[current] ?? en, key) ?? lookup(en, key) ?? key, current, params);
}

/** The label of a field: entity-specific key first, then the shared one (`field.emails`). */
export function fieldLabel(entity: string, field: string): string {
  const specific = `field.${entity}.${field}`;
  if (lookup(catalogues[current] ?? en, specific) || lookup(en, specific)) return t(specific);
  // A custom entity's own fields (name, parent, owner, details) are customRecord's (docs/decisions/0050).
  const custom = `field.customRecord.${field}`;
  return entity.startsWith('x_') && lookup(en, custom) ? t(custom) : t(`field.${field}`);
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
