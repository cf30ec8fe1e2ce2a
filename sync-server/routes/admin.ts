// Administration: users (create, edit, disable, reset password), their sessions, and profiles' rights; every change audited.
import { Hono } from 'hono';
import { ERROR_CODES } from '../../shared/errors.ts';
import { ACTIONS, type ProfileRight } from '../../shared/security.ts';
import { customEntity, isEntityName, replicatedCollections } from '../../shared/entities/index.ts';
import { requireAdmin } from '../auth/rights.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, badRequest, invalid, readJson } from '../errors.ts';
import { createUser, oneTimePassword, setPassword, shown, userChanges } from '../admin/users.ts';
import { AUDIT_ACTIONS, auditCsv, auditEntry, diff } from '../admin/audit.ts';
import { pageOf } from '../paging.ts';
import { deviceOf } from '../admin/devices.ts';
import { checkPassword } from '../auth/password-strength.ts';
import { DEFAULT_IDLE_MS, requireSession, sessionId, sessionLive } from '../auth/sessions.ts';
import type { UserRow } from '../db/accounts.ts';
import { isObject } from '../../shared/objects.ts';

function parseRights(body: unknown, territories: Set<string>): ProfileRight[] {
  if (!Array.isArray(body) || body.length > 500) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send a list of at most 500 rights.');
  return body.map((r: unknown, i) => {
    if (!isObject(r) || typeof r.entity !== 'string' || !(isEntityName(r.entity) || customEntity(r.entity)) || typeof r.territoryId !== 'string' || !territories.has(r.territoryId))
      throw badRequest(ERROR_CODES.MALFORMED_BODY, `Right ${i} needs a known entity and territory.`);
    const out: ProfileRight = { entity: r.entity, territoryId: r.territoryId, view: false, insert: false, edit: false, delete: false };
    for (const a of ACTIONS) {
      if (r[a] !== undefined && typeof r[a] !== 'boolean') throw badRequest(ERROR_CODES.MALFORMED_BODY, `Right ${i}: ${a} must be true or false.`);
      out[a] = r[a] === true;
    }
    return out;
  });
}

/** Rights changed (a profile, a user's home territory, the territory tree): every connected device pulls now, and those whose scope changed start over at once. */
export function nudgeDevices(services: Services): void {
  for (const collection of replicatedCollections()) services.bus.publish({ collection, seq: 0 });
}

export function adminRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  app.use('/api/admin/*', requireSession, async (c, next) => {
    requireAdmin(c.get('user'));
    await next();
  });

  /** Sessions still usable: before their end and within the idle timeout. */
  const liveSessions = async (userId?: string) => {
    const now = Date.now();
    return (await store.listSessions(userId)).filter((s) => sessionLive(s, now, services.sessionIdleMs ?? DEFAULT_IDLE_MS));
  };

  /** The user named in the path, or 404. */
  const target = async (id: string): Promise<UserRow> => {
    const user = await store.getUser(id);
    if (!user) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such user.');
    return user;
  };

  // Every user with their state (enabled, one-time password pending) and how many live sessions they have.
  app.get('/api/admin/users', async (c) => {
    const sessions = new Map<string, number>();
    for (const s of await liveSessions()) sessions.set(s.userId, (sessions.get(s.userId) ?? 0) + 1);
    return c.json((await store.listUsers()).map((u) => ({ ...shown(u), sessions: sessions.get(u.id) ?? 0 })));
  });

  // A new user: { login, displayName, password, profileId, territoryId, locale, timeZone, email?, reportsTo? }; every
  // rule at once (422). The password is for one use: the user chooses their own at first sign-in.
  app.post('/api/admin/users', async (c) => {
    const body = await readJson(c);
    if (!isObject(body)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send the new user as a JSON object.');
    return c.json(await createUser(store, body, { actor: c.get('user'), oneTime: true }), 201);
  });

  // Display name, e-mail, language, time zone, profile, home territory, "reports to". A change of profile or home
  // territory changes what the user's devices may hold: they resync at their next pull. A `password` here is an
  // administrator's reset, as POST …/reset-password with a chosen password.
  app.patch('/api/admin/users/:id', async (c) => {
    const user = await target(c.req.param('id'));
    const body = await readJson(c);
    if (!isObject(body)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send the fields to change.');
    if (body.password !== undefined && typeof body.password !== 'string') throw badRequest(ERROR_CODES.MALFORMED_BODY, 'password must be text.');
    const changes = await userChanges(store, user, body);
    const password = typeof body.password === 'string' ? body.password : null;
    if (password !== null) {
      const issues = checkPassword(password, [user.login, changes.displayName ?? user.displayName]);
      if (issues.length) throw invalid(issues);
    }
    // Everything checked: now write (a refused field leaves the user as they were).
    const after = { ...user, ...changes };
    const { before, after: changed } = diff(shown(user), shown(after));
    if (Object.keys(changed ?? {}).length) await store.updateUser(user.id, changes, { audit: [auditEntry(c.get('user'), 'user.update', { type: 'user', id: user.id }, before, changed)] });
    if (password !== null) {
      await setPassword(store, after, password, { actor: c.get('user'), oneTime: true });
      services.bus.revoke(user.id);
    }
    if (changes.profileId !== undefined || changes.territoryId !== undefined) nudgeDevices(services);
    return c.json({ ok: true });
  });

  // Disabling signs the user out everywhere at once (sessions deleted, live streams ended); sign-in is then refused
  // (FC-AUTH-008). Their devices keep unsynced changes, which go up if the account is enabled again.
  app.post('/api/admin/users/:id/disable', async (c) => {
    const user = await target(c.req.param('id'));
    if (user.id === c.get('user').id) throw new AppError(409, ERROR_CODES.ADMIN_SELF_DISABLE, 'You cannot disable your own account.');
    const revoked = await store.updateUser(user.id, { disabled: true }, { endSessions: true, audit: [auditEntry(c.get('user'), 'user.disable', { type: 'user', id: user.id }, { disabled: user.disabled }, { disabled: true })] });
    services.bus.revoke(user.id);
    return c.json({ ok: true, revoked });
  });

  app.post('/api/admin/users/:id/enable', async (c) => {
    const user = await target(c.req.param('id'));
    await store.updateUser(user.id, { disabled: false }, { audit: [auditEntry(c.get('user'), 'user.enable', { type: 'user', id: user.id }, { disabled: user.disabled }, { disabled: false })] });
    return c.json({ ok: true });
  });

  // A one-time password: the server makes one (or takes the administrator's `password`), answers it once, signs the
  // user out everywhere; at next sign-in they may do nothing but choose their own (FC-AUTH-009).
  app.post('/api/admin/users/:id/reset-password', async (c) => {
    const user = await target(c.req.param('id'));
    const body = await readJson(c);
    const given = isObject(body) ? body.password : undefined;
    if (given !== undefined && typeof given !== 'string') throw badRequest(ERROR_CODES.MALFORMED_BODY, 'password must be text.');
    const password = given ?? oneTimePassword();
    await setPassword(store, user, password, { actor: c.get('user'), oneTime: true });
    services.bus.revoke(user.id);
    return c.json({ password });
  });

  // Signs the user out everywhere: their devices stop syncing at once but keep unsynced changes until they sign in again.
  app.post('/api/admin/users/:id/revoke-sessions', async (c) => {
    const user = await target(c.req.param('id'));
    const revoked = await store.deleteSessionsOfUser(user.id, [auditEntry(c.get('user'), 'user.sessions-revoke', { type: 'user', id: user.id }, null, null)]);
    services.bus.revoke(user.id);
    return c.json({ revoked });
  });

  // Signed-in sessions (of one user with ?userId=): device and browser, address, when signed in and last seen.
  app.get('/api/admin/sessions', async (c) => {
    const userId = c.req.query('userId');
    const names = new Map((await store.listUsers()).map((u) => [u.id, u]));
    const mine = c.get('tokenHash');
    return c.json(
      (await liveSessions(userId || undefined)).map((s) => ({
        id: sessionId(s.tokenHash), userId: s.userId, login: names.get(s.userId)?.login ?? '', displayName: names.get(s.userId)?.displayName ?? '',
        ...deviceOf(s.userAgent), address: s.address, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt || s.createdAt, expiresAt: s.expiresAt, current: s.tokenHash === mine,
      })),
    );
  });

  // Ends one session: that device signs in again (keeping its waiting changes); the user's others go on.
  app.delete('/api/admin/sessions/:id', async (c) => {
    const id = c.req.param('id');
    const session = (await liveSessions()).find((s) => sessionId(s.tokenHash) === id);
    if (!session) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such session (it may have ended already).');
    const { userAgent, address, createdAt } = session;
    await store.deleteSession(session.tokenHash, [auditEntry(c.get('user'), 'session.revoke', { type: 'user', id: session.userId }, { session: id, userAgent, address, createdAt }, null)]);
    services.bus.revokeSession(session.userId, session.tokenHash);
    return c.json({ ok: true });
  });

  // The audit log, newest first, filtered by who, what, which target and when (?actorId=&action=&targetType=&targetId=
  // &from=&to=, instants or dates); ?format=csv exports every matching entry (at most 100,000) as a CSV file.
  app.get('/api/admin/audit', async (c) => {
    const q = (k: string): string | undefined => c.req.query(k) || undefined;
    const instant = (k: string): string | undefined => {
      const v = q(k);
      if (v === undefined) return undefined;
      const t = Date.parse(v);
      if (Number.isNaN(t) || v.length > 40) throw badRequest(ERROR_CODES.MALFORMED_BODY, `${k} must be a date or an instant (ISO 8601).`);
      return new Date(t).toISOString();
    };
    const action = q('action');
    if (action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(action)) throw badRequest(ERROR_CODES.MALFORMED_BODY, `action must be one of ${AUDIT_ACTIONS.join(', ')}.`);
    const filter = { actorId: q('actorId'), action, targetType: q('targetType'), targetId: q('targetId'), from: instant('from'), to: instant('to') };
    if (c.req.query('format') === 'csv') {
      const { rows } = await store.audit.list({ ...filter, offset: 0, limit: 100_000 });
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="fieldcrm-audit-${new Date().toISOString().slice(0, 10)}.csv"`);
      return c.body(auditCsv(rows));
    }
    return c.json(await store.audit.list({ ...filter, ...pageOf(c, 500, ERROR_CODES.MALFORMED_BODY) }));
  });

  app.get('/api/admin/profiles', async (c) => {
    const profiles = await store.listProfiles();
    return c.json(await Promise.all(profiles.map(async (p) => ({ ...p, rights: await store.profileRights(p.id) }))));
  });

  app.put('/api/admin/profiles/:id/rights', async (c) => {
    const id = c.req.param('id');
    if (!(await store.listProfiles()).some((p) => p.id === id)) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such profile.');
    const territories = new Set((await store.listTerritories()).map((t) => t.id));
    const rights = parseRights(await readJson(c), territories);
    const key = (r: ProfileRight): string => `${r.entity}@${r.territoryId}:${ACTIONS.filter((a) => r[a]).join(',')}`;
    const before = (await store.profileRights(id)).map(key).sort();
    await store.setProfileRights(id, rights, [auditEntry(c.get('user'), 'profile.rights', { type: 'profile', id }, before, rights.map(key).sort())]);
    nudgeDevices(services);
    return c.json({ ok: true });
  });
  return app;
}
