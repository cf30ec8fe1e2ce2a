// The MailChimp integration: its configuration (the API key encrypted at rest, never sent to browsers; the audience)
// and sending a group to the audience, with the counts of what could not be sent kept as a notification.
import { entityDef } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { MailChimpView, SendOutcome } from '../../shared/marketing.ts';
import { classifyAddresses, mailingAddress, type AddressClass } from '../../shared/email.ts';
import { blankRecord } from '../../shared/records.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { pullScope, rightsOf } from '../auth/rights.ts';
import type { Services } from '../context.ts';
import type { UserRow } from '../db/accounts.ts';
import type { GroupRow } from '../db/groups.ts';
import { AppError } from '../errors.ts';
import { everyMember } from '../groups/members.ts';
import { MailChimpClient, parseApiKey, type Audience } from '../mailchimp/client.ts';
import { Secrets } from '../security/secrets.ts';
import { randomBytes } from 'node:crypto';
import { isOn, writeSetting } from './settings.ts';

const KEY = 'mailchimp';

/** What the server keeps (in server_settings, never replicated). */
interface Stored {
  apiKey: string; // encrypted
  keyHint: string;
  dataCentre: string;
  audienceId: string;
  audienceName: string;
}

/** How the server reaches MailChimp: tests point it at a double on loopback (MAILCHIMP_BASE_URL). */
export interface MarketingOptions {
  secrets: Secrets;
  mailchimpBaseUrl?: string;
  fetch?: typeof fetch;
}

// Without configured secrets (API-only tests), a key per process: a stored MailChimp key then lasts one run.
let fallback: MarketingOptions | undefined;
const options = (services: Services): MarketingOptions => services.marketing ?? (fallback ??= { secrets: new Secrets(randomBytes(32)) });
/** The server's secrets (the SMTP password is kept under the same key as the MailChimp key). */
export const secretsOf = (services: Services): Secrets => options(services).secrets;

// One client per key: MailChimp allows 10 connections per key, and the client's gate is what keeps us under it.
const clients = new Map<string, MailChimpClient>();
function clientFor(services: Services, apiKey: string): MailChimpClient {
  const o = options(services);
  const id = `${o.mailchimpBaseUrl ?? ''}|${apiKey}`;
  let c = clients.get(id);
  if (!c) {
    c = new MailChimpClient({ apiKey, ...(o.mailchimpBaseUrl ? { baseUrl: o.mailchimpBaseUrl } : {}), ...(o.fetch ? { fetch: o.fetch } : {}) });
    clients.set(id, c);
  }
  return c;
}

async function stored(services: Services): Promise<Stored | null> {
  const text = await services.store.getServerSetting(KEY);
  return text ? (JSON.parse(text) as Stored) : null;
}

export async function mailchimpView(services: Services): Promise<MailChimpView> {
  const s = await stored(services);
  return {
    enabled: await isOn(services.store, 'mailchimpEnabled'),
    keySet: !!s?.apiKey,
    keyHint: s?.keyHint ?? '',
    dataCentre: s?.dataCentre ?? '',
    audienceId: s?.audienceId ?? '',
    audienceName: s?.audienceName ?? '',
  };
}

/** Checks the key with MailChimp (ping) before keeping it, encrypted. A new key forgets the audience. */
export async function saveApiKey(services: Services, raw: string, userId: string): Promise<MailChimpView> {
  const { key, dataCentre } = parseApiKey(raw);
  await clientFor(services, key).ping();
  const before = await stored(services);
  const same = before && options(services).secrets.decrypt(before.apiKey) === key;
  const next: Stored = {
    apiKey: options(services).secrets.encrypt(key),
    keyHint: `…${key.slice(28, 32)}-${dataCentre}`,
    dataCentre,
    audienceId: same ? before.audienceId : '',
    audienceName: same ? before.audienceName : '',
  };
  await services.store.putServerSetting(KEY, JSON.stringify(next), userId, new Date().toISOString());
  return mailchimpView(services);
}

async function configured(services: Services): Promise<{ client: MailChimpClient; s: Stored }> {
  const s = await stored(services);
  if (!s?.apiKey) throw new AppError(409, ERROR_CODES.MAILCHIMP_NOT_CONFIGURED, 'Enter a MailChimp API key in Administration first.');
  return { client: clientFor(services, options(services).secrets.decrypt(s.apiKey)), s };
}

export async function audiences(services: Services): Promise<Audience[]> {
  return (await configured(services)).client.listAudiences();
}

export async function chooseAudience(services: Services, audienceId: string, userId: string): Promise<MailChimpView> {
  const { client, s } = await configured(services);
  const found = (await client.listAudiences()).find((a) => a.id === audienceId);
  if (!found) throw new AppError(422, ERROR_CODES.MAILCHIMP_AUDIENCE_NOT_FOUND, 'MailChimp has no such audience for this key.');
  await services.store.putServerSetting(KEY, JSON.stringify({ ...s, audienceId: found.id, audienceName: found.name }), userId, new Date().toISOString());
  return mailchimpView(services);
}

/** Switching the integration on needs a key and an audience; off is always allowed. */
export async function enableMailChimp(services: Services, on: boolean, userId: string): Promise<MailChimpView> {
  if (on) {
    const s = await stored(services);
    if (!s?.apiKey || !s.audienceId) throw new AppError(409, ERROR_CODES.MAILCHIMP_NOT_CONFIGURED, 'Enter an API key and choose an audience before switching MailChimp on.');
  }
  await writeSetting(services, 'mailchimpEnabled', on, userId);
  return mailchimpView(services);
}

/**
 * Sends the group's members to the audience. Records without an address or with an invalid one are counted and
 * skipped; if two members share an address the group is refused before anything is sent (MailChimp identifies members
 * by address and would reject the batch). The outcome is kept as a notification for the sender, whose counts open
 * the group filtered to those records.
 */
export async function sendGroup(services: Services, user: UserRow, group: GroupRow): Promise<SendOutcome> {
  const { client, s } = await configured(services);
  if (!s.audienceId) throw new AppError(409, ERROR_CODES.MAILCHIMP_NOT_CONFIGURED, 'Choose a MailChimp audience in Administration first.');
  const rights = await rightsOf(services.store, user);
  const members = await everyMember(services.store, group, pullScope(group.entity, user, rights));
  const classes = classifyAddresses(members);
  const count = (c: AddressClass): number => [...classes.values()].filter((x) => x === c).length;
  const outcome: SendOutcome = {
    groupId: group.id,
    groupName: group.name,
    members: members.length,
    sent: 0,
    created: 0,
    updated: 0,
    missing: count('missing'),
    invalid: count('invalid'),
    duplicate: count('duplicate'),
    rejected: false,
    failed: 0,
  };
  if (outcome.duplicate > 0) outcome.rejected = true;
  else {
    const ok = members.filter((m) => classes.get(m.id) === 'ok');
    if (ok.length) {
      const res = await client.batchSubscribe(s.audienceId, ok.map((m) => ({ email: mailingAddress(m), mergeFields: mergeFields(group, m) })));
      outcome.created = res.created;
      outcome.updated = res.updated;
      outcome.failed = res.failed.length;
      outcome.sent = res.created + res.updated;
    }
  }
  await notify(services, user.id, outcome);
  return outcome;
}

/** MailChimp's default merge fields: first and last name (a company's name as the first). */
function mergeFields(group: GroupRow, m: WireDoc): Record<string, string> {
  const r = m as unknown as Record<string, unknown>;
  if (group.entity === 'company') return { FNAME: String(r.name ?? '').slice(0, 100) };
  return { FNAME: String(r.firstName ?? '').slice(0, 100), LNAME: String(r.lastName ?? '').slice(0, 100) };
}

async function notify(services: Services, userId: string, outcome: SendOutcome): Promise<void> {
  const now = new Date().toISOString();
  const id = `mc-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const doc = {
    ...(blankRecord(entityDef('notification'), id, 'none') as Record<string, unknown>),
    kind: 'mailchimp',
    status: 'unread',
    ownerId: userId,
    title: outcome.groupName.slice(0, 200),
    body: JSON.stringify(outcome),
    happenedAt: now,
    updatedAt: now,
    updatedBy: userId,
    _deleted: false,
  } as unknown as WireDoc;
  await services.store.insertMany('notification', [doc]);
  services.bus.publish({ collection: 'notification', seq: 0 });
}
