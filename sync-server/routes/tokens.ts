// Personal API tokens for integrations (docs/decisions/0022): a user makes, lists and revokes their own; an
// administrator lists everyone's and revokes any. The token is answered once, when made; only its hash is kept.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { ERROR_CODES, FIELD_CODES } from '../../shared/errors.ts';
import { isObject } from '../../shared/objects.ts';
import { auditEntry } from '../admin/audit.ts';
import { requireAdmin } from '../auth/rights.ts';
import { hashToken, newApiToken, requireSession } from '../auth/sessions.ts';
import { TOKEN_ACCESS, type ApiTokenRow, type TokenAccess } from '../db/accounts.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, badRequest, invalid, readJson } from '../errors.ts';

/** At most this many tokens per user: a leak is easier to find among few. */
const MAX_TOKENS = 20;
/** The longest a token may be made for, in days (a year and a day: a yearly integration renewed on its date). */
const MAX_DAYS = 366;

const shownToken = ({ tokenHash: _hidden, ...t }: ApiTokenRow) => t;

export function tokenRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;

  app.get('/api/me/tokens', requireSession, async (c) => c.json((await store.tokens.list(c.get('user').id)).map(shownToken)));

  // { name, expiresInDays?, access? } → the token, this once. Only from a signed-in session: a token cannot make more
  // tokens. `expiresInDays` (1–366) sets when it stops working; absent or null, it works until revoked. `access`:
  // `full` (the default: what its user may do) or `read` (reads only, `tokenAccessGuard`).
  app.post('/api/me/tokens', requireSession, async (c) => {
    if (c.get('authKind') !== 'session') throw new AppError(403, ERROR_CODES.FORBIDDEN, 'Make tokens while signed in, not with a token.');
    const body = await readJson(c);
    if (!isObject(body)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send { name }.');
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name) throw invalid([{ field: 'name', code: FIELD_CODES.REQUIRED }]);
    if (name.length > 100) throw invalid([{ field: 'name', code: FIELD_CODES.TOO_LONG, detail: 100 }]);
    const access = body.access ?? 'full';
    if (!(TOKEN_ACCESS as readonly unknown[]).includes(access)) throw invalid([{ field: 'access', code: FIELD_CODES.NOT_IN_LIST, detail: TOKEN_ACCESS.join(', ') }]);
    const days = body.expiresInDays ?? null;
    if (days !== null && (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_DAYS)) throw invalid([{ field: 'expiresInDays', code: FIELD_CODES.OUT_OF_RANGE, detail: `1–${MAX_DAYS}` }]);
    const user = c.get('user');
    const mine = await store.tokens.list(user.id);
    if (mine.some((t) => t.name.toLowerCase() === name.toLowerCase())) throw invalid([{ field: 'name', code: FIELD_CODES.NAME_TAKEN }]);
    if (mine.length >= MAX_TOKENS) throw invalid([{ field: 'name', code: FIELD_CODES.TOO_MANY, detail: MAX_TOKENS }]);
    const token = newApiToken();
    const now = Date.now();
    const expiresAt = days === null ? '' : new Date(now + days * 86_400_000).toISOString();
    const row: ApiTokenRow = { id: `k-${randomBytes(6).toString('hex')}`, userId: user.id, name, tokenHash: hashToken(token), createdAt: new Date(now).toISOString(), lastUsedAt: '', expiresAt, access: access as TokenAccess };
    await store.tokens.create(row, [auditEntry(user, 'token.create', { type: 'user', id: user.id }, null, { token: row.id, name, expiresAt, access })]);
    return c.json({ ...shownToken(row), token }, 201);
  });

  app.delete('/api/me/tokens/:id', requireSession, async (c) => {
    const user = c.get('user');
    const id = c.req.param('id');
    if (!(await store.tokens.delete(id, user.id, [auditEntry(user, 'token.revoke', { type: 'user', id: user.id }, { token: id }, null)]))) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such token.');
    return c.json({ ok: true });
  });

  // Administration: everyone's tokens (never the secrets), and revoking any of them.
  app.get('/api/admin/tokens', requireSession, async (c) => {
    requireAdmin(c.get('user'));
    const userId = c.req.query('userId');
    return c.json((await store.tokens.list(userId || undefined)).map(shownToken));
  });

  app.delete('/api/admin/tokens/:id', requireSession, async (c) => {
    requireAdmin(c.get('user'));
    const id = c.req.param('id');
    const token = (await store.tokens.list()).find((t) => t.id === id);
    if (!token || !(await store.tokens.delete(id, undefined, [auditEntry(c.get('user'), 'token.revoke', { type: 'user', id: token.userId }, { token: id, name: token.name }, null)])))
      throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such token.');
    return c.json({ ok: true });
  });
  return app;
}
