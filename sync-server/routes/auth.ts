// Sign-in, sign-out and "who am I": the only routes a device calls without a session (besides the version).
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { API_PATHS, type PublicUser, type SessionInfo, type VersionInfo } from '../../shared/api.ts';
import { currentCustomization } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { hashPassword, needsRehash, verifyPassword } from '../auth/passwords.ts';
import { checkPassword } from '../auth/password-strength.ts';
import { rightsOf } from '../auth/rights.ts';
import { grantedFeatures } from '../marketing/features.ts';
import { allSettings } from '../marketing/settings.ts';
import { hashToken, newToken, requireSession, SESSION_COOKIE, SESSION_DAYS } from '../auth/sessions.ts';
import type { UserRow } from '../db/accounts.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, badRequest, invalid, readJson } from '../errors.ts';
import { FIELD_CODES } from '../../shared/errors.ts';
import { clientOf } from '../security/client.ts';
import type { SignInGuard } from '../security/rate-limit.ts';
import { zoneRules } from '../time/zones.ts';

const publicUser = (u: UserRow): PublicUser => ({
  id: u.id,
  login: u.login,
  displayName: u.displayName,
  role: u.role,
  territoryId: u.territoryId,
  locale: u.locale,
  timeZone: u.timeZone,
  email: u.email,
  mustChangePassword: u.mustChangePassword,
});

/**
 * A hash to check unknown logins against, so that "no such user" costs the same scrypt time as "wrong
 * password" and the answer's timing does not tell which logins exist.
 */
let decoy: Promise<string> | undefined;
const decoyHash = (): Promise<string> => (decoy ??= hashPassword('not a password: unknown login'));

export interface AuthOptions {
  signIn: SignInGuard;
  /** Reverse proxies trusted for the client's address (security/client.ts). */
  proxies: number;
}

export function authRoutes(services: Services, opts: AuthOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const info = async (u: UserRow): Promise<SessionInfo> => ({
    user: publicUser(u),
    territories: await services.store.listTerritories(),
    rights: await rightsOf(services.store, u),
    people: (await services.store.listUsers()).map(({ id, displayName }) => ({ id, displayName })),
    features: await grantedFeatures(services.store, u),
    settings: await allSettings(services.store),
    customization: currentCustomization(),
    version: services.version,
  });

  app.post(API_PATHS.signIn, async (c) => {
    const body = await readJson(c);
    const { login, password } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof login !== 'string' || typeof password !== 'string' || login.length > 200 || password.length > 200)
      throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send a login and a password.');
    const key = login.trim().toLowerCase();
    const { address } = clientOf(c, opts.proxies);
    // Checked before the password, so a blocked guesser costs no scrypt time.
    const wait = opts.signIn.retryAfter(key, address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new AppError(429, ERROR_CODES.TOO_MANY_ATTEMPTS, 'Too many attempts. Try again in a few minutes.');
    }
    const user = await services.store.findUserByLogin(key);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !ok) {
      opts.signIn.failed(key, address);
      throw new AppError(401, ERROR_CODES.BAD_CREDENTIALS, 'Wrong login or password.');
    }
    opts.signIn.succeeded(key);
    // Said only to whoever knows the password: a guesser learns nothing about disabled accounts.
    if (user.disabled) throw new AppError(403, ERROR_CODES.ACCOUNT_DISABLED, 'This account is disabled. Ask your administrator.');
    // A hash from an older scheme or cost is replaced now, while the password is at hand.
    if (needsRehash(user.passwordHash)) await services.store.updateUser(user.id, { passwordHash: await hashPassword(password) });
    const token = await startSession(c, user.id);
    return c.json({ ...(await info(user)), token } satisfies SessionInfo);
  });

  /** A new session for the user: its cookie (Secure over HTTPS, also behind a trusted TLS-terminating proxy), and its token. */
  const startSession = async (c: Context<AppEnv>, userId: string): Promise<string> => {
    const token = newToken();
    const now = new Date();
    const expires = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
    const client = clientOf(c, opts.proxies);
    await services.store.createSession({
      tokenHash: hashToken(token), userId, createdAt: now.toISOString(), expiresAt: expires.toISOString(),
      userAgent: (c.req.header('user-agent') ?? '').slice(0, 400), address: client.address.slice(0, 64),
    });
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', expires, secure: client.https });
    return token;
  };

  // Changing one's own password: the current one is required; every session of the user ends, this one is renewed.
  app.post(API_PATHS.myPassword, requireSession, async (c) => {
    const body = await readJson(c);
    const { currentPassword, newPassword } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof currentPassword !== 'string' || typeof newPassword !== 'string' || currentPassword.length > 200)
      throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send currentPassword and newPassword.');
    const user = c.get('user');
    if (!(await verifyPassword(currentPassword, user.passwordHash))) throw invalid([{ field: 'currentPassword', code: FIELD_CODES.PASSWORD_WRONG }]);
    const issues = checkPassword(newPassword, [user.login, user.displayName], 'newPassword');
    if (newPassword === currentPassword) issues.push({ field: 'newPassword', code: FIELD_CODES.PASSWORD_SAME });
    if (issues.length) throw invalid(issues);
    // The new hash, the end of the one-time password and of every session, at once.
    await services.store.updateUser(user.id, { passwordHash: await hashPassword(newPassword), mustChangePassword: false }, { endSessions: true });
    services.bus.revoke(user.id, c.get('tokenHash'));
    const token = await startSession(c, user.id);
    return c.json({ ok: true, token });
  });

  app.post(API_PATHS.signOut, requireSession, async (c) => {
    await services.store.deleteSession(c.get('tokenHash'));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });

  app.get(API_PATHS.me, requireSession, async (c) => c.json(await info(c.get('user'))));

  app.get(API_PATHS.version, (c) => c.json({ product: 'FieldCRM', version: services.version, tzdata: zoneRules.version } satisfies VersionInfo));
  return app;
}
