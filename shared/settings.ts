// System settings that devices read offline: replicated as `setting` records (id = key, value = JSON), written
// by administrators through the server only.

export const SETTINGS = {
  /** Refuse a company, person or lead whose e-mail address another such record already uses (742-171455-ENH). */
  duplicateEmailDetection: { label: 'setting.duplicateEmailDetection', default: false },
  /** The MailChimp integration is switched on (its key and audience are server-only: see sync-server/marketing/). */
  mailchimpEnabled: { label: 'setting.mailchimpEnabled', default: false },
} as const;
export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
export const isSettingKey = (k: string): k is SettingKey => Object.prototype.hasOwnProperty.call(SETTINGS, k);

/** The boolean value of a stored setting record, or the setting's default when absent or unreadable. */
export function settingOn(key: SettingKey, doc: { value?: unknown; _deleted?: unknown } | null | undefined): boolean {
  if (!doc || doc._deleted === true || typeof doc.value !== 'string') return SETTINGS[key].default;
  try {
    return JSON.parse(doc.value) === true;
  } catch {
    return SETTINGS[key].default;
  }
}

/** Features that need an integration switched on: granted without it, they are not usable. */
const NEEDS: Record<string, SettingKey> = { mailchimp: 'mailchimpEnabled' };

/** What a user may use now: the features their profile grants whose integration (if any) is on. */
export function activeFeatures<F extends string>(granted: readonly F[], settings: Partial<Record<SettingKey, boolean>>): F[] {
  return granted.filter((f) => {
    const needs = NEEDS[f];
    return needs === undefined || settings[needs] === true;
  });
}
