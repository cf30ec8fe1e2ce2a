// Marketing and system settings: the e-mail address check, the E-mail duplicates screen, and (administrators)
// the system-behaviour switches and profile features.
import { auditEntry } from '../admin/audit.ts';
import { Hono } from 'hono';
import { ERROR_CODES } from '../../shared/errors.ts';
import { normaliseEmail, isEmailEntity } from '../../shared/email.ts';
import { FEATURES, type Feature } from '../../shared/screens.ts';
import { isSettingKey } from '../../shared/settings.ts';
import { requireAdmin } from '../auth/rights.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, badRequest, readJson } from '../errors.ts';
import { addressCheck, duplicatesReport } from '../marketing/duplicates.ts';
import { requireFeature } from '../marketing/features.ts';
import { allSettings, writeSetting } from '../marketing/settings.ts';
import { audiences, chooseAudience, enableMailChimp, mailchimpView, saveApiKey, sendGroup } from '../marketing/mailchimp.ts';
import { isObject } from '../../shared/objects.ts';
import { pageOf } from '../paging.ts';

const MAX_CHECK = 10;

export function marketingRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  const adminPaths = ['/api/admin/settings', '/api/admin/settings/*', '/api/admin/features', '/api/admin/profiles/:id/features', '/api/admin/mailchimp', '/api/admin/mailchimp/*'];
  for (const path of ['/api/email/*', '/api/marketing/*', '/api/groups/:id/mailchimp', ...adminPaths]) app.use(path, requireSession);
  for (const path of adminPaths)
    app.use(path, async (c, next) => {
      requireAdmin(c.get('user'));
      await next();
    });

  /** Who else holds these addresses: the entry form asks before saving, online (742-171455-ENH). */
  app.get('/api/email/check', async (c) => {
    const addresses = [...new Set(c.req.queries('address') ?? [])].map(normaliseEmail).filter(Boolean);
    const entity = c.req.query('entity') ?? '';
    const id = c.req.query('id') ?? '';
    if (addresses.length < 1 || addresses.length > MAX_CHECK || addresses.some((a) => a.length > 254)) throw badRequest(ERROR_CODES.MALFORMED_BODY, `Give 1 to ${MAX_CHECK} addresses.`);
    if (entity && !isEmailEntity(entity)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'entity must be company, person or lead.');
    const rights = await c.get('rights')();
    return c.json({ addresses: await addressCheck(store, rights, addresses, { entity, id }) });
  });

  /** Every address used by more than one company, person or lead (Marketing | E-mail duplicates). */
  app.get('/api/marketing/email-duplicates', async (c) => {
    const user = c.get('user');
    await requireFeature(store, user, 'mailchimp');
    const { offset, limit } = pageOf(c, 200, ERROR_CODES.MALFORMED_BODY);
    return c.json(await duplicatesReport(store, await c.get('rights')(), offset, limit));
  });

  const settingsAnswer = async () => ({ settings: await allSettings(store), duplicateAddresses: (await store.duplicateEmails(0, 1)).total });

  app.get('/api/admin/settings', async (c) => c.json(await settingsAnswer()));

  /** A system-behaviour switch. Turning duplicate detection on over existing duplicates is allowed: the answer counts them. */
  app.put('/api/admin/settings/:key', async (c) => {
    const key = c.req.param('key');
    if (!isSettingKey(key)) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such setting.');
    const body = await readJson(c);
    if (!isObject(body) || typeof body.value !== 'boolean') throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send { "value": true } or { "value": false }.');
    const before = (await allSettings(store))[key];
    await writeSetting(services, key, body.value, c.get('user').id);
    // Settings, features and MailChimp write through their own services: the entry follows the change that succeeded.
    await store.audit.insert([auditEntry(c.get('user'), 'setting.change', { type: 'setting', id: key }, { value: before }, { value: body.value })]);
    return c.json(await settingsAnswer());
  });

  app.get('/api/admin/features', async (c) => {
    const profiles = await store.listProfiles();
    return c.json({ features: FEATURES, profiles: await Promise.all(profiles.map(async (p) => ({ profileId: p.id, features: await store.profileFeatures(p.id) }))) });
  });

  app.put('/api/admin/profiles/:id/features', async (c) => {
    const id = c.req.param('id');
    if (!(await store.listProfiles()).some((p) => p.id === id)) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such profile.');
    const body = await readJson(c);
    const list = isObject(body) ? body.features : undefined;
    if (!Array.isArray(list) || list.some((f) => typeof f !== 'string' || !(FEATURES as readonly string[]).includes(f)))
      throw badRequest(ERROR_CODES.MALFORMED_BODY, `features must be a list of: ${FEATURES.join(', ')}.`);
    const before = await store.profileFeatures(id);
    await store.setProfileFeatures(id, list as Feature[]);
    await store.audit.insert([auditEntry(c.get('user'), 'profile.features', { type: 'profile', id }, before, [...new Set(list as string[])].sort())]);
    return c.json({ profileId: id, features: await store.profileFeatures(id) });
  });

  // MailChimp: the key is checked with MailChimp and kept encrypted; answers never carry it.
  app.get('/api/admin/mailchimp', async (c) => c.json(await mailchimpView(services)));
  app.put('/api/admin/mailchimp/key', async (c) => {
    const body = await readJson(c);
    if (!isObject(body) || typeof body.apiKey !== 'string' || body.apiKey.length > 100) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send { "apiKey": "<key>-<data centre>" }.');
    const saved = await saveApiKey(services, body.apiKey, c.get('user').id);
    // Never the key itself: only that it changed.
    await store.audit.insert([auditEntry(c.get('user'), 'mailchimp.key', { type: 'mailchimp', id: 'key' }, null, { apiKey: '(changed)' })]);
    return c.json(saved);
  });
  app.get('/api/admin/mailchimp/audiences', async (c) => c.json({ audiences: await audiences(services) }));
  app.put('/api/admin/mailchimp/audience', async (c) => {
    const body = await readJson(c);
    if (!isObject(body) || typeof body.audienceId !== 'string' || !/^[A-Za-z0-9]{1,40}$/.test(body.audienceId)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send { "audienceId": "<id>" }.');
    const chosen = await chooseAudience(services, body.audienceId, c.get('user').id);
    await store.audit.insert([auditEntry(c.get('user'), 'mailchimp.audience', { type: 'mailchimp', id: 'audience' }, null, { audienceId: body.audienceId })]);
    return c.json(chosen);
  });
  app.put('/api/admin/mailchimp/enabled', async (c) => {
    const body = await readJson(c);
    if (!isObject(body) || typeof body.value !== 'boolean') throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send { "value": true } or { "value": false }.');
    const done = await enableMailChimp(services, body.value, c.get('user').id);
    await store.audit.insert([auditEntry(c.get('user'), 'mailchimp.enabled', { type: 'mailchimp', id: 'enabled' }, null, { enabled: body.value })]);
    return c.json(done);
  });

  /** Send a group to the MailChimp audience (its outcome also becomes a notification for the sender). */
  app.post('/api/groups/:id/mailchimp', async (c) => {
    const user = c.get('user');
    await requireFeature(store, user, 'mailchimp');
    const group = await store.groups.get(c.req.param('id'));
    if (!group) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such group.');
    return c.json(await sendGroup(services, user, group));
  });
  return app;
}
