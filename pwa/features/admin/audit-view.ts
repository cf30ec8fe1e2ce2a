// The Audit page's plain logic: the changes it can filter on, whole days as instants, and before/after made readable.

/** As sync-server/admin/audit.ts AUDIT_ACTIONS (the server refuses any other filter). */
export const AUDIT_ACTION_NAMES = ['user.create', 'user.update', 'user.disable', 'user.enable', 'user.reset-password', 'user.sessions-revoke', 'session.revoke', 'profile.rights', 'profile.create', 'profile.rename', 'profile.delete', 'territory.create', 'territory.update', 'territory.delete', 'token.create', 'token.revoke', 'setting.change', 'profile.features', 'mailchimp.key', 'mailchimp.audience', 'mailchimp.enabled', 'documents.settings', 'installer.settings', 'customization.field-add', 'customization.field-change', 'customization.field-purge', 'customization.entity-add', 'customization.entity-change', 'customization.entity-remove', 'rule.create', 'rule.update', 'rule.delete', 'rule.fired', 'rule.failed'] as const;

/** The first instant of a yyyy-mm-dd day in the browser's zone. */
export function dayStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).toISOString();
}

/** The first instant after the day (the filter's end is exclusive). */
export function dayEnd(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1).toISOString();
}

/** `{"displayName":"A","territoryId":"t-eu"}` as `displayName: A · territoryId: t-eu`; other JSON as it is. */
export function readable(json: string): string {
  if (!json) return '';
  try {
    const v: unknown = JSON.parse(json);
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.entries(v).map(([k, x]) => `${k}: ${typeof x === 'string' ? x : JSON.stringify(x)}`).join(' · ');
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' · ');
    return String(v);
  } catch {
    return json;
  }
}
