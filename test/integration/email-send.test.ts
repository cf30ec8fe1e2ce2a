// E-mail from a record over the real API on SQLite, through a real SMTP server on loopback (smtp-server): the SMTP
// settings (password encrypted at rest), a templated e-mail previewed with the record's values, sent, received and
// filed on the record with its attachment; and every failure (server down, password refused, address refused) coded,
// with nothing filed.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { API_PATHS } from '../../shared/api.ts';
import { applyCustomization, EMPTY_CUSTOMIZATION } from '../../shared/entities/index.ts';
import { UPLOAD_HEADER } from '../../shared/documents.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { MailSent, SmtpView } from '../../shared/outgoing-mail.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';
import { closedPort, startSmtp, type TestSmtp } from '../helpers/smtp.ts';

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
}
type Caller = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => Promise<Answer<T>>;

const t = suite<{ server: TestServer; smtp: TestSmtp; as: Record<string, Caller> }>('e-mail from a record');

const PASSWORD = 'smtp-Secret-42';

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 12 });
  ctx.smtp = await startSmtp({ user: 'crm', pass: PASSWORD, refuse: /^nobody@/ });
  ctx.as = {};
  for (const login of ['admin', 'sales', 'marketing']) {
    const token = await signIn(ctx.server.url, login);
    ctx.as[login] = async (method, path, body) => {
      const res = await fetch(`${ctx.server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: res.status, body: json as never, text };
    };
  }
});
t.after(async ({ server, smtp }) => {
  await smtp.close();
  await server.close();
  applyCustomization(EMPTY_CUSTOMIZATION);
});

const codeOf = (r: Answer): string => String((r.body as { code?: string } | null)?.code ?? `(status ${r.status})`);
const settings = (port: number, extra: Record<string, unknown> = {}) => ({ host: '127.0.0.1', port, security: 'none', user: 'crm', password: PASSWORD, fromAddress: 'sales@panoply.example', fromName: 'Panoply Sales', ...extra });

async function emailsOn(server: TestServer): Promise<WireDoc[]> {
  const page = await server.store.pull('communication', 0, 10_000, { kind: 'everyone' });
  return page.documents.filter((d) => (d as Record<string, unknown>).kind === 'email' && !d._deleted);
}

async function aQuote(as: Caller): Promise<Record<string, unknown>> {
  const list = await as<{ records: Record<string, unknown>[] }>('GET', '/api/records/quote/list?limit=50');
  assert.is(list.status, 200, list.text);
  const q = list.body.records.find((r) => typeof r.companyId === 'string' && r.companyId);
  assert.ok(q, 'sales sees a quote with a company');
  return q!;
}

t('before an administrator sets the SMTP server, sending is refused with FC-MAIL-001', async ({ as }) => {
  const q = await aQuote(as.sales!);
  const r = await as.sales!('POST', '/api/email/send', { entity: 'quote', recordId: q.id, to: ['buyer@customer.example'], subject: 'Hello', html: '<p>Hi</p>' });
  assert.is(r.status, 409, r.text);
  assert.is(codeOf(r), ERROR_CODES.MAIL_NOT_CONFIGURED);
});

t('SMTP settings: administrators only, checked, the password encrypted at rest and never sent back', async ({ as, server, smtp }) => {
  assert.is((await as.sales!('GET', '/api/admin/smtp')).status, 403);
  const badOne = await as.admin!('PUT', '/api/admin/smtp', settings(0, { host: 'bad host!', fromAddress: 'nope' }));
  assert.is(badOne.status, 422);
  assert.is(codeOf(badOne), ERROR_CODES.MAIL_BAD_SETTINGS);
  const fields = ((badOne.body as { issues?: { field: string }[] }).issues ?? []).map((i) => i.field).sort();
  assert.equal(fields, ['fromAddress', 'host', 'port']);
  const saved = await as.admin!<SmtpView>('PUT', '/api/admin/smtp', settings(smtp.port));
  assert.is(saved.status, 200, saved.text);
  assert.is(saved.body.passwordSet, true);
  assert.not.ok(saved.text.includes(PASSWORD));
  const kept = (await server.store.getServerSetting('smtp')) ?? '';
  assert.not.ok(kept.includes(PASSWORD), 'the password is not stored in clear');
  assert.match(kept, /"password":"v1:/);
  // Saving again without a password keeps the stored one.
  const again = await as.admin!<SmtpView>('PUT', '/api/admin/smtp', { ...settings(smtp.port), password: undefined });
  assert.is(again.body.passwordSet, true);
});

t('a templated e-mail: previewed with the quote’s values, sent through the SMTP server, filed on the record with its attachment', async ({ as, server, smtp }) => {
  const q = await aQuote(as.sales!);
  const preview = await as.sales!<{ subject: string; html: string }>('POST', '/api/merge', { templateId: 'tpl-quote-follow-up', recordId: q.id });
  assert.is(preview.status, 200, preview.text);
  assert.ok(preview.body.subject.includes(String(q.reference)), preview.body.subject);
  const before = (await emailsOn(server)).length;
  const attachment = Buffer.from('Terms and conditions\n').toString('base64');
  const sent = await as.sales!<MailSent>('POST', '/api/email/send', {
    entity: 'quote',
    recordId: q.id,
    templateId: 'tpl-quote-follow-up',
    to: ['buyer@customer.example'],
    cc: ['boss@customer.example'],
    subject: preview.body.subject,
    html: preview.body.html,
    attachments: [{ name: 'terms.txt', contentType: 'text/plain', content: attachment }],
  });
  assert.is(sent.status, 201, sent.text);
  assert.equal(sent.body.accepted.sort(), ['boss@customer.example', 'buyer@customer.example']);

  // It arrived, as written, authenticated, from the organisation's address.
  assert.is(smtp.received.length, 1);
  const got = smtp.received[0]!;
  assert.is(got.from, 'sales@panoply.example');
  assert.equal(got.to.sort(), ['boss@customer.example', 'buyer@customer.example']);
  assert.is(got.mail.subject, preview.body.subject);
  assert.ok(String(got.mail.html).includes(String(q.reference)));
  assert.is(got.mail.attachments.length, 1);
  assert.is(got.mail.attachments[0]!.filename, 'terms.txt');
  assert.is(got.mail.attachments[0]!.content.toString(), 'Terms and conditions\n');
  assert.is(got.mail.messageId, sent.body.messageId);

  // Filed: an e-mail communication for the quote's company, the message and its attachment as its documents.
  const emails = await emailsOn(server);
  assert.is(emails.length, before + 1);
  const comm = emails.find((d) => d.id === sent.body.communicationId) as Record<string, unknown> | undefined;
  assert.ok(comm);
  assert.is(comm!.subject, preview.body.subject);
  assert.is(comm!.companyId, q.companyId);
  assert.is(comm!.status, 'complete');
  assert.is(comm!.email, 'buyer@customer.example', 'the contact is the recipient');
  assert.match(String(comm!.details), /To: buyer@customer\.example/);
  const docs = await as.sales!<{ documents: { name: string }[] }>('GET', `/api/documents?entity=communication&recordId=${sent.body.communicationId}`);
  assert.is(docs.status, 200, docs.text);
  assert.is(docs.body.documents.length, 2);
  assert.ok(docs.body.documents.some((d) => d.name === 'terms.txt'));
  assert.ok(docs.body.documents.some((d) => d.name.endsWith('.eml')));
});

t('failures are coded and nothing is filed: address refused, password refused, server down', async ({ as, server, smtp }) => {
  const q = await aQuote(as.sales!);
  const before = (await emailsOn(server)).length;
  const received = smtp.received.length;
  const msg = { entity: 'quote', recordId: q.id, subject: 'Hello', html: '<p>Hi</p>' };

  const refused = await as.sales!('POST', '/api/email/send', { ...msg, to: ['nobody@customer.example'] });
  assert.is(refused.status, 422, refused.text);
  assert.is(codeOf(refused), ERROR_CODES.MAIL_RECIPIENT_REFUSED);
  assert.match(refused.text, /nobody@customer\.example/);

  await as.admin!('PUT', '/api/admin/smtp', settings(smtp.port, { password: 'wrong-password' }));
  const auth = await as.sales!('POST', '/api/email/send', { ...msg, to: ['buyer@customer.example'] });
  assert.is(auth.status, 502, auth.text);
  assert.is(codeOf(auth), ERROR_CODES.MAIL_AUTH_FAILED);

  await as.admin!('PUT', '/api/admin/smtp', settings(await closedPort()));
  const down = await as.sales!('POST', '/api/email/send', { ...msg, to: ['buyer@customer.example'] });
  assert.is(down.status, 502, down.text);
  assert.is(codeOf(down), ERROR_CODES.MAIL_SERVER_UNREACHABLE);

  assert.is(smtp.received.length, received, 'nothing arrived');
  assert.is((await emailsOn(server)).length, before, 'nothing filed as sent');
  await as.admin!('PUT', '/api/admin/smtp', settings(smtp.port));
});

t('TLS is checked: a server whose certificate is not trusted is refused before anything is sent (FC-MAIL-003)', async ({ as, server }) => {
  const tls = await startSmtp({ starttls: true });
  try {
    const q = await aQuote(as.sales!);
    const before = (await emailsOn(server)).length;
    await as.admin!('PUT', '/api/admin/smtp', settings(tls.port, { security: 'starttls', user: '', password: '' }));
    const r = await as.sales!('POST', '/api/email/send', { entity: 'quote', recordId: q.id, to: ['buyer@customer.example'], subject: 'Hello', html: '<p>Hi</p>' });
    assert.is(r.status, 502, r.text);
    assert.is(codeOf(r), ERROR_CODES.MAIL_SERVER_UNREACHABLE);
    assert.match(r.text, /certificate/i, 'refused for its certificate');
    assert.is(tls.received.length, 0);
    assert.is((await emailsOn(server)).length, before);
  } finally {
    await tls.close();
  }
});

t('an e-mail written on a custom record is filed on its company, regarding the record; one with no parent is refused, nothing sent', async ({ as, server, smtp }) => {
  const rights = (view: boolean) => [{ profileId: 'p-admin', territoryId: 't-world', view, insert: view, edit: view, delete: view }, { profileId: 'p-sales-eu', territoryId: 't-eu', view, insert: view, edit: view, delete: view }];
  const project = { code: 'project', label: { en: 'Project', fr: 'Projet' }, plural: { en: 'Projects', fr: 'Projets' }, parent: 'company', territory: 'parent', rights: rights(true) };
  const contract = { code: 'contract', label: { en: 'Contract', fr: 'Contrat' }, parent: 'none', rights: rights(true) };
  assert.is((await as.admin!('PUT', '/api/admin/smtp', settings(smtp.port))).status, 200);
  for (const e of [project, contract]) assert.is((await as.admin!('POST', API_PATHS.customEntities, e)).status, 201, e.code);
  const companies = (await as.sales!<{ records: Record<string, unknown>[] }>('GET', '/api/records/company/list?limit=50')).body.records;
  const company = companies.find((c) => c.territoryId === 't-eu')!;
  const made = await as.sales!('POST', '/api/records/x_project', { name: 'Roll-out', companyId: company.id });
  assert.is(made.status, 201, made.text);
  const received = smtp.received.length;
  const sent = await as.sales!<MailSent>('POST', '/api/email/send', { entity: 'x_project', recordId: made.body.id, to: ['buyer@customer.example'], subject: 'Roll-out plan', html: '<p>Attached soon.</p>' });
  assert.is(sent.status, 201, sent.text);
  assert.is(smtp.received.length, received + 1);
  const comm = (await emailsOn(server)).find((d) => d.id === sent.body.communicationId) as Record<string, unknown> | undefined;
  assert.ok(comm, 'filed');
  assert.is(comm!.companyId, company.id, 'on the project’s company');
  assert.is(comm!.regardingId, made.body.id, 'regarding the project: its screen lists it');
  // A record of an entity with no parent has nowhere to be filed: refused before anything is sent.
  const loose = await as.sales!('POST', '/api/records/x_contract', { name: 'Loose' });
  assert.is(loose.status, 201, loose.text);
  const refused = await as.sales!('POST', '/api/email/send', { entity: 'x_contract', recordId: loose.body.id, to: ['buyer@customer.example'], subject: 'x', html: '' });
  assert.is(refused.status, 422, refused.text);
  assert.is(codeOf(refused), ERROR_CODES.MAIL_SENT_NOT_FILED);
  // A custom record the caller may not see is not theirs to write from (not found, nothing sent).
  const hidden = await as.marketing!('POST', '/api/email/send', { entity: 'x_project', recordId: made.body.id, to: ['a@b.example'], subject: 'x', html: '' });
  assert.ok(hidden.status === 403 || hidden.status === 404, hidden.text);
  assert.is(smtp.received.length, received + 1);
});

t('documents filed on the record go with the e-mail as they are stored; one the user may not see is refused, nothing sent', async ({ as, server, smtp }) => {
  assert.is((await as.admin!('PUT', '/api/admin/smtp', settings(smtp.port))).status, 200);
  const q = await aQuote(as.sales!);
  const upload = async (who: string, companyId: string, name: string, text: string): Promise<string> => {
    const token = await signIn(server.url, who);
    const res = await fetch(`${server.url}/api/documents/upload?entity=company&recordId=${encodeURIComponent(companyId)}&name=${encodeURIComponent(name)}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain', [UPLOAD_HEADER]: '1' }, body: text });
    assert.is(res.status, 201, await res.clone().text());
    return ((await res.json()) as { id: string }).id;
  };
  const terms = await upload('sales', String(q.companyId), 'price-list.txt', 'Prices for 2027\n');
  const received = smtp.received.length;
  const sent = await as.sales!<MailSent>('POST', '/api/email/send', { entity: 'quote', recordId: q.id, to: ['buyer@customer.example'], subject: 'Our price list', html: '<p>Attached.</p>', documentIds: [terms] });
  assert.is(sent.status, 201, sent.text);
  const got = smtp.received[received]!;
  assert.equal(got.mail.attachments.map((a) => [a.filename, a.content.toString()]), [['price-list.txt', 'Prices for 2027\n']]);
  const filed = await as.sales!<{ documents: { name: string }[] }>('GET', `/api/documents?entity=communication&recordId=${sent.body.communicationId}`);
  assert.ok(filed.body.documents.some((d) => d.name === 'price-list.txt'), 'filed with the e-mail too');
  // A document of a record the sales rep may not see (North America), or no document at all: refused, nothing sent.
  const companies = (await as.admin!<{ records: Record<string, unknown>[] }>('GET', '/api/records/company/list?limit=100')).body.records;
  const na = companies.find((c) => c.territoryId === 't-na')!;
  const hidden = await upload('admin', String(na.id), 'secret.txt', 'Not for Europe\n');
  for (const ids of [[hidden], ['d-nothing'], [terms, 'x'.repeat(41)]]) {
    const r = await as.sales!('POST', '/api/email/send', { entity: 'quote', recordId: q.id, to: ['buyer@customer.example'], subject: 'x', html: '', documentIds: ids });
    assert.ok(r.status === 422 || r.status === 400, `${ids.join(',')}: ${r.status} ${r.text}`);
    assert.is(codeOf(r), ERROR_CODES.MAIL_BAD_INPUT);
    assert.not.match(r.text, 'Not for Europe');
  }
  assert.is(smtp.received.length, received + 1, 'nothing else was sent');
});

t('a malformed message and a record the user may not see are refused before anything is sent', async ({ as, smtp }) => {
  const q = await aQuote(as.sales!);
  const received = smtp.received.length;
  const bad = await as.sales!('POST', '/api/email/send', { entity: 'quote', recordId: q.id, to: ['not-an-address'], subject: '', html: '' });
  assert.is(bad.status, 422);
  assert.is(codeOf(bad), ERROR_CODES.MAIL_BAD_INPUT);
  assert.equal(((bad.body as { issues?: { field: string; code: string }[] }).issues ?? []).map((i) => `${i.field}:${i.code}`).sort(), ['subject:required', 'to:bad-email']);
  const system = await as.sales!('POST', '/api/email/send', { entity: 'setting', recordId: 'x', to: ['a@b.example'], subject: 'x', html: '' });
  assert.is(codeOf(system), ERROR_CODES.MAIL_BAD_INPUT);
  // The marketing user may read the quote's company but not add to it: sending (which files on it) is refused.
  const other = await as.marketing!('POST', '/api/email/send', { entity: 'quote', recordId: q.id, to: ['a@b.example'], subject: 'x', html: '' });
  assert.ok(other.status === 403 || other.status === 404, other.text);
  assert.is(smtp.received.length, received);
});

t.run();
