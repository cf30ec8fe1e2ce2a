// Administration: users' profiles and home territories, profiles' rights, and revoking a user's sessions.
import { Hono } from 'hono';
import { ERROR_CODES } from '../../shared/errors.ts';
import { ACTIONS, type ProfileRight } from '../../shared/security.ts';
import { isEntityName, REPLICATED } from '../../shared/entities/index.ts';
import { requireAdmin } from '../auth/rights.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, badRequest, invalid, readJson } from '../errors.ts';
import { createUser, LOCALES, setPassword } from '../admin/users.ts';
import { checkPassword } from '../auth/password-strength.ts';
import { FIELD_CODES } from '../../shared/errors.ts';
import { isValidTimeZone } from '../../shared/validation.ts';
import { isObject } from '../../shared/objects.ts';

function parseRights(body: unknown, territories: Set<string>): ProfileRight[] {
  if (!Array.isArray(body) || body.length > 500) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send a list of at most 500 rights.');
  return body.map((r: unknown, i) => {
    if (!isObject(r) || typeof r.entity !== 'string' || !isEntityName(r.entity) || typeof r.territoryId !== 'string' || !territories.has(r.territoryId))
      throw badRequest(ERROR_CODES.MALFORMED_BODY, `Right ${i} needs a known entity and territory.`);
    const out: ProfileRight = { entity: r.entity, territoryId: r.territoryId, view: false, insert: false, edit: false, delete: false };
    for (const a of ACTIONS) {
      if (r[a] !== undefined && typeof r[a] !== 'boolean') throw badRequest(ERROR_CODES.MALFORMED_BODY, `Right ${i}: ${a} must be true or false.`);
      out[a] = r[a] === true;
    }
    return out;
  });
}

/** Rights changed: every connected device pulls now, and those whose scope changed start over at once. */
function nudgeDevices(services: Services): void {
  for (const collection of REPLICATED) services.bus.publish({ collection, seq: 0 });
}

export function adminRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  app.use('/api/admin/*', requireSession, async (c, next) => {
    requireAdmin(c.get('user'));
    await next();
  });

  app.get('/api/admin/users', async (c) =>
    c.json((await store.listUsers()).map(({ passwordHash: _hidden, ...u }) => u)),
  );

  // A new user: { login, displayName, password, profileId, territoryId, locale, timeZone }; every rule at once (422).
  app.post('/api/admin/users', async (c) => {
    const body = await readJson(c);
    if (!isObject(body)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send the new user as a JSON object.');
    return c.json(await createUser(store, body), 201);
  });

  // A change of profile or home territory changes what the user's devices may hold: they resync at their next pull.
  // A new password (an administrator's reset) follows the policy and signs the user out everywhere.
  app.patch('/api/admin/users/:id', async (c) => {
    const id = c.req.param('id');
    const user = await store.getUser(id);
    if (!user) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such user.');
    const body = await readJson(c);
    if (!isObject(body)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send the fields to change.');
    const changes: { profileId?: string; territoryId?: string; displayName?: string; locale?: string; timeZone?: string } = {};
    if (body.displayName !== undefined) {
      if (typeof body.displayName !== 'string' || !body.displayName.trim() || body.displayName.length > 100) throw invalid([{ field: 'displayName', code: FIELD_CODES.REQUIRED }]);
      changes.displayName = body.displayName.trim();
    }
    if (body.locale !== undefined) {
      if (typeof body.locale !== 'string' || !(LOCALES as readonly string[]).includes(body.locale)) throw invalid([{ field: 'locale', code: FIELD_CODES.NOT_IN_LIST }]);
      changes.locale = body.locale;
    }
    if (body.timeZone !== undefined) {
      if (typeof body.timeZone !== 'string' || !isValidTimeZone(body.timeZone)) throw invalid([{ field: 'timeZone', code: FIELD_CODES.BAD_TIMEZONE }]);
      changes.timeZone = body.timeZone;
    }
    if (body.password !== undefined && typeof body.password !== 'string') throw badRequest(ERROR_CODES.MALFORMED_BODY, 'password must be text.');
    const password = typeof body.password === 'string' ? body.password : null;
    if (password !== null) {
      const issues = checkPassword(password, [user.login, changes.displayName ?? user.displayName]);
      if (issues.length) throw invalid(issues);
    }
    if (body.profileId !== undefined) {
      if (typeof body.profileId !== 'string' || !(await store.listProfiles()).some((p) => p.id === body.profileId)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Unknown profile.');
      changes.profileId = body.profileId;
    }
    if (body.territoryId !== undefined) {
      if (typeof body.territoryId !== 'string' || !(await store.listTerritories()).some((t) => t.id === body.territoryId)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Unknown territory.');
      changes.territoryId = body.territoryId;
    }
    // Everything checked: now write (a refused field leaves the user as they were).
    await store.updateUser(id, changes);
    if (password !== null) {
      await setPassword(store, user, password);
      services.bus.revoke(id);
    }
    nudgeDevices(services);
    return c.json({ ok: true });
  });

  // Signs the user out everywhere: their devices stop syncing at once but keep unsynced changes until they sign in again.
  app.post('/api/admin/users/:id/revoke-sessions', async (c) => {
    const id = c.req.param('id');
    const revoked = await store.deleteSessionsOfUser(id);
    services.bus.revoke(id);
    return c.json({ revoked });
  });

  app.get('/api/admin/profiles', async (c) => {
    const profiles = await store.listProfiles();
    return c.json(await Promise.all(profiles.map(async (p) => ({ ...p, rights: await store.profileRights(p.id) }))));
  });

  app.put('/api/admin/profiles/:id/rights', async (c) => {
    const id = c.req.param('id');
    if (!(await store.listProfiles()).some((p) => p.id === id)) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such profile.');
    const territories = new Set((await store.listTerritories()).map((t) => t.id));
    await store.setProfileRights(id, parseRights(await readJson(c), territories));
    nudgeDevices(services);
    return c.json({ ok: true });
  });
  return app;
}
