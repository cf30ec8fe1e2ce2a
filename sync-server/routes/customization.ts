// Customisation over REST: every signed-in user reads it (screens, devices); administrators add, change, hide and
// purge custom fields, each change audited (docs/decisions/0044).
import { Hono } from 'hono';
import { checkFieldChange, checkNewField, currentCustomization, CUSTOM_KEY_RE, isCustomizable, type CustomFieldSpec } from '../../shared/entities/index.ts';
import { API_PATHS } from '../../shared/api.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { requireAdmin } from '../auth/rights.ts';
import { requireSession } from '../auth/sessions.ts';
import { auditEntry } from '../admin/audit.ts';
import type { AppEnv, Services } from '../context.ts';
import { changeCustomization, freshCustomization } from '../customization/service.ts';
import { AppError, invalid, readJson } from '../errors.ts';


export function customizationRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  // Any instance may have changed it: every API and sync request sees the stored one (read at most every 2 s).
  app.use('/api/*', async (_c, next) => {
    await freshCustomization(store);
    await next();
  });
  app.use('/sync/*', async (_c, next) => {
    await freshCustomization(store);
    await next();
  });

  app.get(API_PATHS.customization, requireSession, (c) => c.json(currentCustomization()));

  app.use('/api/admin/custom-fields/*', requireSession, async (c, next) => {
    requireAdmin(c.get('user'));
    await next();
  });
  app.use(API_PATHS.customFields, requireSession, async (c, next) => {
    requireAdmin(c.get('user'));
    await next();
  });

  const find = (fields: readonly CustomFieldSpec[], entity: string, key: string): CustomFieldSpec => {
    const f = isCustomizable(entity) && CUSTOM_KEY_RE.test(key) ? fields.find((s) => s.entity === entity && s.key === key) : undefined;
    if (!f) throw new AppError(404, ERROR_CODES.CUSTOM_NOT_FOUND, 'No such custom field.');
    return f;
  };

  app.post(API_PATHS.customFields, async (c) => {
    const body = await readJson(c);
    const user = c.get('user');
    let added: CustomFieldSpec | null = null;
    const { after } = await changeCustomization(services, user.id, (current) => {
      const checked = checkNewField(body, current);
      if ('issues' in checked) throw invalid(checked.issues);
      added = checked.spec;
      return [...current.fields, checked.spec];
    });
    const field = added as CustomFieldSpec | null;
    if (field) await store.audit.insert([auditEntry(user, 'customization.field-add', { type: 'custom-field', id: `${field.entity}.${field.key}` }, null, field)]);
    return c.json({ field, revision: after.revision }, 201);
  });

  app.patch('/api/admin/custom-fields/:entity/:key', async (c) => {
    const body = await readJson(c);
    const user = c.get('user');
    const { entity, key } = c.req.param();
    let was: CustomFieldSpec | null = null;
    let now: CustomFieldSpec | null = null;
    const { after } = await changeCustomization(services, user.id, (current) => {
      was = find(current.fields, entity, key);
      const checked = checkFieldChange(body, was);
      if ('issues' in checked) throw invalid(checked.issues);
      now = checked.spec;
      return current.fields.map((s) => (s === was ? checked.spec : s));
    });
    await store.audit.insert([auditEntry(user, 'customization.field-change', { type: 'custom-field', id: `${entity}.${key}` }, was, now)]);
    return c.json({ field: now, revision: after.revision });
  });

  // Purge: the definition goes, and its values are erased from every record. Only a hidden field, so a purge is never one click from a live screen.
  app.delete('/api/admin/custom-fields/:entity/:key', async (c) => {
    const user = c.get('user');
    const { entity, key } = c.req.param();
    let was: CustomFieldSpec | null = null;
    const { after } = await changeCustomization(services, user.id, (current) => {
      const f = find(current.fields, entity, key);
      if (!f.hidden) throw new AppError(409, ERROR_CODES.CUSTOM_PURGE_VISIBLE, 'Hide the field before purging it: its values are erased for good.');
      was = f;
      return current.fields.filter((s) => s !== f);
    });
    const purged = isCustomizable(entity) ? await store.purgeCustomValues(entity, key) : 0;
    await store.audit.insert([auditEntry(user, 'customization.field-purge', { type: 'custom-field', id: `${entity}.${key}` }, was, { purgedRecords: purged })]);
    return c.json({ purged, revision: after.revision });
  });

  return app;
}
