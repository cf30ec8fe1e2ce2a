// Administration of the organisation: the territory tree (add, rename, move, delete when empty) and security profiles
// (create, copy, rename, delete when unused). Every change is audited in its own transaction; rights follow at once.
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { ERROR_CODES, FIELD_CODES } from '../../shared/errors.ts';
import { isObject } from '../../shared/objects.ts';
import { subtree } from '../../shared/security.ts';
import { auditEntry } from '../admin/audit.ts';
import type { AppEnv, Services } from '../context.ts';
import { nudgeDevices } from './admin.ts';
import { AppError, badRequest, invalid, readJson } from '../errors.ts';

const newId = (prefix: string): string => `${prefix}-${randomBytes(6).toString('hex')}`;

/** A name: required, at most 200 characters, trimmed (422 with the field's issue otherwise). */
function nameOf(v: unknown, field = 'name'): string {
  if (typeof v !== 'string' || !v.trim()) throw invalid([{ field, code: FIELD_CODES.REQUIRED }]);
  if (v.trim().length > 200) throw invalid([{ field, code: FIELD_CODES.TOO_LONG, detail: 200 }]);
  return v.trim();
}

export function adminOrganisationRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  const body = async (c: Context): Promise<Record<string, unknown>> => {
    const b = await readJson(c);
    if (!isObject(b)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send a JSON object.');
    return b;
  };
  // (The session and administrator checks are adminRoutes' /api/admin/* middleware, registered first.)

  app.get('/api/admin/territories', async (c) => c.json(await store.listTerritories()));

  // A new territory under an existing one: { name, parentId }.
  app.post('/api/admin/territories', async (c) => {
    const b = await body(c);
    const name = nameOf(b.name);
    const all = await store.listTerritories();
    if (typeof b.parentId !== 'string' || !all.some((t) => t.id === b.parentId)) throw invalid([{ field: 'parentId', code: b.parentId ? FIELD_CODES.REF_UNAVAILABLE : FIELD_CODES.REQUIRED }]);
    const row = { id: newId('t'), name, parentId: b.parentId };
    await store.insertTerritories([row], [auditEntry(c.get('user'), 'territory.create', { type: 'territory', id: row.id }, null, row)]);
    return c.json(row, 201);
  });

  // Rename ({ name }) or move ({ parentId }): the records stay in the territory and follow it; whoever's rights cover
  // the new parent now sees them, and devices that no longer may drop them (the rescope every rights change makes).
  app.patch('/api/admin/territories/:id', async (c) => {
    const id = c.req.param('id');
    const all = await store.listTerritories();
    const t = all.find((x) => x.id === id);
    if (!t) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such territory.');
    const b = await body(c);
    const changes: { name?: string; parentId?: string } = {};
    if (b.name !== undefined) changes.name = nameOf(b.name);
    if (b.parentId !== undefined && b.parentId !== t.parentId) {
      if (t.parentId === '') throw new AppError(409, ERROR_CODES.ADMIN_TERRITORY_ROOT, 'The root territory cannot move.');
      if (typeof b.parentId !== 'string' || !all.some((x) => x.id === b.parentId)) throw invalid([{ field: 'parentId', code: b.parentId === '' ? FIELD_CODES.REQUIRED : FIELD_CODES.REF_UNAVAILABLE }]);
      if (subtree(all, id).includes(b.parentId)) throw new AppError(409, ERROR_CODES.ADMIN_TERRITORY_LOOP, 'A territory cannot move under itself or one of its sub-territories.');
      changes.parentId = b.parentId;
    }
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, t[k as keyof typeof t]]));
    if (Object.keys(changes).length) await store.updateTerritory(id, changes, [auditEntry(c.get('user'), 'territory.update', { type: 'territory', id }, before, changes)]);
    if (changes.parentId !== undefined) nudgeDevices(services);
    return c.json({ ...t, ...changes });
  });

  // Only when empty: no sub-territory, no live record of any kind, no document, nobody's home territory (FC-ADM-005).
  app.delete('/api/admin/territories/:id', async (c) => {
    const id = c.req.param('id');
    const t = (await store.listTerritories()).find((x) => x.id === id);
    if (!t) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such territory.');
    if (t.parentId === '') throw new AppError(409, ERROR_CODES.ADMIN_TERRITORY_ROOT, 'The root territory cannot be deleted.');
    const usage = await store.deleteTerritory(id, [auditEntry(c.get('user'), 'territory.delete', { type: 'territory', id }, t, null)]);
    if (usage) {
      const what = Object.entries(usage).map(([k, n]) => `${k}: ${n}`).join(', ');
      throw new AppError(409, ERROR_CODES.ADMIN_TERRITORY_NOT_EMPTY, `This territory is not empty (${what}).`, undefined, { detail: what });
    }
    nudgeDevices(services);
    return c.json({ ok: true });
  });

  // A new profile: { name, copyFrom? } — a copy starts with that profile's rights and features; otherwise none.
  app.post('/api/admin/profiles', async (c) => {
    const b = await body(c);
    const name = nameOf(b.name);
    const profiles = await store.listProfiles();
    if (profiles.some((p) => p.name.toLowerCase() === name.toLowerCase())) throw invalid([{ field: 'name', code: FIELD_CODES.NAME_TAKEN }]);
    if (b.copyFrom !== undefined && (typeof b.copyFrom !== 'string' || !profiles.some((p) => p.id === b.copyFrom))) throw invalid([{ field: 'copyFrom', code: FIELD_CODES.REF_UNAVAILABLE }]);
    const row = { id: newId('p'), name };
    const copyFrom = typeof b.copyFrom === 'string' ? b.copyFrom : undefined;
    await store.insertProfiles([row], { ...(copyFrom ? { copyFrom } : {}), audit: [auditEntry(c.get('user'), 'profile.create', { type: 'profile', id: row.id }, null, { ...row, ...(copyFrom ? { copyFrom } : {}) })] });
    return c.json(row, 201);
  });

  app.patch('/api/admin/profiles/:id', async (c) => {
    const id = c.req.param('id');
    const profiles = await store.listProfiles();
    const p = profiles.find((x) => x.id === id);
    if (!p) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such profile.');
    const name = nameOf((await body(c)).name);
    if (profiles.some((x) => x.id !== id && x.name.toLowerCase() === name.toLowerCase())) throw invalid([{ field: 'name', code: FIELD_CODES.NAME_TAKEN }]);
    if (name !== p.name) await store.renameProfile(id, name, [auditEntry(c.get('user'), 'profile.rename', { type: 'profile', id }, { name: p.name }, { name })]);
    return c.json({ id, name });
  });

  // Only when no user has it (FC-ADM-006); its rights and features go with it.
  app.delete('/api/admin/profiles/:id', async (c) => {
    const id = c.req.param('id');
    const p = (await store.listProfiles()).find((x) => x.id === id);
    if (!p) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such profile.');
    const using = await store.deleteProfile(id, [auditEntry(c.get('user'), 'profile.delete', { type: 'profile', id }, p, null)]);
    if (using > 0) throw new AppError(409, ERROR_CODES.ADMIN_PROFILE_IN_USE, `${using} user(s) have this profile: give them another first.`, undefined, { detail: String(using) });
    return c.json({ ok: true });
  });
  return app;
}
