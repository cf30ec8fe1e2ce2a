// Customisation over REST: every signed-in user reads it (screens, devices); administrators add, change, hide and
// purge custom fields, each change audited (docs/decisions/0044).
import { Hono } from 'hono';
import { checkEntityChange, checkFieldChange, checkNewEntity, checkNewField, currentCustomization, CUSTOM_KEY_RE, isCustomEntity, isCustomizable, type CustomEntitySpec, type CustomFieldSpec } from '../../shared/entities/index.ts';
import { ACTIONS, type ProfileRight } from '../../shared/security.ts';
import { isObject } from '../../shared/objects.ts';
import { API_PATHS } from '../../shared/api.ts';
import { ERROR_CODES, FIELD_CODES } from '../../shared/errors.ts';
import { requireAdmin } from '../auth/rights.ts';
import { requireSession } from '../auth/sessions.ts';
import { auditEntry } from '../admin/audit.ts';
import type { AppEnv, Services } from '../context.ts';
import { removeCustomEntity } from '../customization/remove-entity.ts';
import { changeCustomization, freshCustomization } from '../customization/service.ts';
import { AppError, invalid, readJson } from '../errors.ts';
import { nudgeDevices } from './admin.ts';


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
    const f = (isCustomizable(entity) || isCustomEntity(currentCustomization(), entity)) && CUSTOM_KEY_RE.test(key) ? fields.find((s) => s.entity === entity && s.key === key) : undefined;
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
    const purged = isCustomizable(entity) ? await store.purgeCustomValues(entity, key) : isCustomEntity(currentCustomization(), entity) ? await store.purgeCustomValues('customRecord', key) : 0;
    await store.audit.insert([auditEntry(user, 'customization.field-purge', { type: 'custom-field', id: `${entity}.${key}` }, was, { purgedRecords: purged })]);
    return c.json({ purged, revision: after.revision });
  });

  // Custom entities (docs/decisions/0050): created with their captions, parent, territory rule and, optionally, the
  // rights each profile gets on them; their fields are custom fields on their key (POST custom-fields).
  app.use(API_PATHS.customEntities, requireSession, async (c, next) => {
    requireAdmin(c.get('user'));
    await next();
  });
  app.use(`${API_PATHS.customEntities}/*`, requireSession, async (c, next) => {
    requireAdmin(c.get('user'));
    await next();
  });

  app.post(API_PATHS.customEntities, async (c) => {
    const body = await readJson(c);
    const user = c.get('user');
    // Rights are checked before anything is written: bad input writes nothing.
    const rights = await parseEntityRights(isObject(body) ? body.rights : undefined);
    let added: CustomEntitySpec | null = null;
    const { after } = await changeCustomization(services, user.id, (current) => {
      const checked = checkNewEntity(body, current);
      if ('issues' in checked) throw invalid(checked.issues);
      added = checked.spec;
      return current.fields;
    }, (current) => [...(current.entities ?? []), added!]);
    const entity = added as CustomEntitySpec | null;
    if (!entity) throw new AppError(500, ERROR_CODES.INTERNAL, 'The entity was not made.');
    await store.audit.insert([auditEntry(user, 'customization.entity-add', { type: 'custom-entity', id: entity.key }, null, entity)]);
    for (const [profileId, rows] of rights) {
      const before = await store.profileRights(profileId);
      const next: ProfileRight[] = [...before.filter((r) => r.entity !== entity.key), ...rows.map((r) => ({ ...r, entity: entity.key }))];
      await store.setProfileRights(profileId, next, [auditEntry(user, 'profile.rights', { type: 'profile', id: profileId }, before.filter((r) => r.entity === entity.key), next.filter((r) => r.entity === entity.key))]);
    }
    if (rights.size) nudgeDevices(services);
    return c.json({ entity, revision: after.revision }, 201);
  });

  app.patch(`${API_PATHS.customEntities}/:key`, async (c) => {
    const body = await readJson(c);
    const user = c.get('user');
    const key = c.req.param('key');
    let was: CustomEntitySpec | null = null;
    let now: CustomEntitySpec | null = null;
    const { after } = await changeCustomization(services, user.id, (current) => {
      was = (current.entities ?? []).find((e) => e.key === key) ?? null;
      if (!was) throw new AppError(404, ERROR_CODES.CUSTOM_NOT_FOUND, 'No such custom entity.');
      const checked = checkEntityChange(body, was);
      if ('issues' in checked) throw invalid(checked.issues);
      now = checked.spec;
      return current.fields;
    }, (current) => (current.entities ?? []).map((e) => (e.key === key && now ? now : e)));
    await store.audit.insert([auditEntry(user, 'customization.entity-change', { type: 'custom-entity', id: key }, was, now)]);
    return c.json({ entity: now, revision: after.revision });
  });

  // Removal: `?confirm=<key>`; refused while a report, template or rule uses it; its records deleted (remove-entity.ts).
  app.delete(`${API_PATHS.customEntities}/:key`, async (c) => {
    const removed = await removeCustomEntity(services, c.get('user'), c.req.param('key'), c.req.query('confirm') ?? '');
    nudgeDevices(services);
    return c.json(removed);
  });

  /** `rights`: [{ profileId, territoryId, view, insert, edit, delete }], by profile; unknown profiles or territories refused. */
  async function parseEntityRights(v: unknown): Promise<Map<string, Omit<ProfileRight, 'entity'>[]>> {
    const out = new Map<string, Omit<ProfileRight, 'entity'>[]>();
    if (v === undefined) return out;
    if (!Array.isArray(v) || v.length > 200) throw invalid([{ field: 'rights', code: FIELD_CODES.NOT_IN_LIST }]);
    const profiles = new Set((await store.listProfiles()).map((p) => p.id));
    const territories = new Set((await store.listTerritories()).map((t) => t.id));
    v.forEach((r: unknown, n) => {
      if (!isObject(r) || typeof r.profileId !== 'string' || !profiles.has(r.profileId)) throw invalid([{ field: `rights.${n}.profileId`, code: FIELD_CODES.NOT_IN_LIST }]);
      if (typeof r.territoryId !== 'string' || !territories.has(r.territoryId)) throw invalid([{ field: `rights.${n}.territoryId`, code: FIELD_CODES.NOT_IN_LIST }]);
      const row = { territoryId: r.territoryId, view: false, insert: false, edit: false, delete: false };
      for (const a of ACTIONS) row[a] = r[a] === true;
      const list = out.get(r.profileId) ?? [];
      list.push(row);
      out.set(r.profileId, list);
    });
    return out;
  }

  return app;
}
