// Table rules against the real server and database (issue #24, docs/decisions/0049): WHERE-style conditions (685-171726-QA),
// each declared action, rules run as the acting user with their rights (706-171835-QA), refusals seen by a device as a
// conflict entry, a failing rule reported and never blocking, loops bounded, and the administration API's checks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';
import { openDevice, waitFor } from '../helpers/client.ts';
import { blankRecord } from '../../shared/records.ts';
import { entityDef, type EntityName } from '../../shared/entities/index.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { Metrics } from '../../sync-server/ops/metrics.ts';

function client(server: TestServer, token: string) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as any };
  };
  return {
    get: (p: string) => call('GET', p),
    post: (p: string, b: unknown = {}) => call('POST', p, b),
    put: (p: string, b: unknown) => call('PUT', p, b),
    patch: (p: string, b: unknown) => call('PATCH', p, b),
    del: (p: string) => call('DELETE', p),
    /** A device's push (lenient, as our PWA sends it) or a strict one. */
    push: (entity: string, docs: unknown[], lenient = true) =>
      call('POST', `/sync/${entity}/push`, docs.map((d) => ({ assumedMasterState: null, newDocumentState: d })), lenient ? { prefer: 'handling=lenient' } : {}),
    pushOver: (entity: string, assumed: unknown, doc: unknown) => call('POST', `/sync/${entity}/push`, [{ assumedMasterState: assumed, newDocumentState: doc }], { prefer: 'handling=lenient' }),
    pull: (entity: string) => call('GET', `/sync/${entity}/pull?seq=0&limit=1000`),
  };
}

const record = (entity: EntityName, id: string, territoryId: string, fields: Record<string, unknown>): WireDoc =>
  ({ ...(blankRecord(entityDef(entity), id, territoryId) as Record<string, unknown>), ...fields, updatedAt: '', updatedBy: '', _deleted: false }) as unknown as WireDoc;

async function setup(metrics?: Metrics) {
  const server = await startServer(metrics ? { metrics } : {});
  const admin = client(server, await signIn(server.url, 'admin'));
  return { server, admin };
}

test('685-171726-QA: a rule with a WHERE clause acts on a device push: set a field, notify, create a task; effects replicate and are audited', async () => {
  const { server, admin } = await setup();
  try {
    const rule = await admin.post('/api/admin/rules', {
      name: 'Big qualified leads',
      entity: 'lead',
      events: ['insert', 'update'],
      condition: "stage = 'Qualified' AND estimatedValue > 10000 AND (source IS NULL OR source IN ('web', 'phone'))",
      actions: [
        { kind: 'set', field: 'details', value: 'Flagged by the big-lead rule' },
        { kind: 'notify', users: ['u-manager'], message: 'Big lead: {title}' },
        { kind: 'task', subject: 'Call {title}', ownerId: '$actor', dueInDays: 2 },
      ],
    });
    assert.is(rule.status, 201, JSON.stringify(rule.body));
    const sales = client(server, await signIn(server.url, 'sales'));
    const big = record('lead', 'lead-big', 't-eu', { description: 'Panoply roll-out', stage: 'qualified', estimatedValue: 25000, source: 'web' });
    const small = record('lead', 'lead-small', 't-eu', { description: 'Panoply pilot', stage: 'qualified', estimatedValue: 5000 });
    const other = record('lead', 'lead-ref', 't-eu', { description: 'Referred', stage: 'qualified', estimatedValue: 50000, source: 'referral' });
    const pushed = await sales.push('lead', [big, small, other]);
    assert.is(pushed.status, 200);
    // The device is answered the record as written, with the rule's change.
    const answered = (pushed.body.conflicts as WireDoc[]).find((d) => d.id === 'lead-big') as unknown as Record<string, unknown>;
    assert.is(answered?.details, 'Flagged by the big-lead rule');
    const leads = new Map(((await sales.pull('lead')).body.documents as Record<string, unknown>[]).map((d) => [d.id, d]));
    assert.is(leads.get('lead-big')?.details, 'Flagged by the big-lead rule', 'the change replicates');
    assert.is(leads.get('lead-big')?.updatedBy, 'u-sales', 'written as the acting user');
    assert.is(leads.get('lead-small')?.details, '', 'the condition does not hold: nothing');
    assert.is(leads.get('lead-ref')?.details, '', 'source referral is not in the list');
    // The task is on the device of whoever it is for (the actor), in the record's territory.
    const tasks = ((await sales.pull('communication')).body.documents as Record<string, unknown>[]).filter((d) => d.subject === 'Call Panoply roll-out');
    assert.is(tasks.length, 1);
    assert.equal([tasks[0]!.kind, tasks[0]!.ownerId, tasks[0]!.territoryId, tasks[0]!.updatedBy], ['task', 'u-sales', 't-eu', 'u-sales']);
    // The manager is notified.
    const manager = client(server, await signIn(server.url, 'manager'));
    const notes = (await manager.get('/api/dashboard/notifications')).body.items as { title: string; target?: { entity: string; id: string } }[];
    const n = notes.find((x) => x.title === 'Big lead: Panoply roll-out');
    assert.ok(n, JSON.stringify(notes));
    assert.equal([n!.target?.entity, n!.target?.id], ['lead', 'lead-big']);
    // The audit says which rule acted on which record, as whom.
    const audit = (await admin.get('/api/admin/audit?action=rule.fired')).body;
    const rows = audit.rows as { actorLogin: string; targetId: string; before: string; after: string }[];
    const row = rows.find((r) => r.targetId === 'lead-big');
    assert.ok(row, JSON.stringify(audit).slice(0, 500));
    assert.is(row!.actorLogin, 'sales');
    assert.match(row!.before, /Big qualified leads/);
    // A retried push (the same rows again) adds no second task or notification.
    await sales.push('lead', [big]);
    const again = ((await sales.pull('communication')).body.documents as Record<string, unknown>[]).filter((d) => d.subject === 'Call Panoply roll-out');
    assert.is(again.length, 1);
  } finally {
    await server.close();
  }
});

test('685-171726-QA over REST: an online entity (opportunity) written through the record API runs its rules in the same write', async () => {
  const { server, admin } = await setup();
  try {
    const made = await admin.post('/api/admin/rules', {
      name: 'Won and large',
      entity: 'opportunity',
      events: ['update'],
      condition: "stage = 'won' AND forecast >= 10000.50 AND CHANGED(stage)",
      actions: [{ kind: 'set', field: 'closeDate', value: 'TODAY' }, { kind: 'set', field: 'details', value: 'Closed by rule' }],
    });
    assert.is(made.status, 201, JSON.stringify(made.body));
    const sales = client(server, await signIn(server.url, 'sales'));
    assert.is((await sales.push('company', [record('company', 'co-fleet', 't-eu', { name: 'Panoply Fleet' })], false)).status, 200);
    const company = { id: 'co-fleet' };
    const created = await sales.post('/api/records/opportunity', { description: 'Panoply fleet', companyId: company.id, currency: 'EUR', forecast: 1_500_000, stage: 'proposal' });
    assert.is(created.status, 201, JSON.stringify(created.body));
    assert.is(created.body.closeDate, '', 'an insert: the rule is on update only');
    const won = await sales.patch(`/api/records/opportunity/${created.body.id}`, { stage: 'won' });
    assert.is(won.status, 200, JSON.stringify(won.body));
    assert.is(won.body.closeDate, new Date().toISOString().slice(0, 10), 'the answer is the record as written');
    assert.is(won.body.details, 'Closed by rule');
    const [stored] = await server.store.getByIds('opportunity', [created.body.id]);
    assert.is((stored as unknown as Record<string, unknown>).details, 'Closed by rule');
    // 1,000 EUR (100000 minor units) is not over 10,000.50.
    const small = await sales.post('/api/records/opportunity', { description: 'Panoply spare', companyId: company.id, currency: 'EUR', forecast: 100_000, stage: 'proposal' });
    const smallWon = await sales.patch(`/api/records/opportunity/${small.body.id}`, { stage: 'won' });
    assert.is(smallWon.body.details, '');
  } finally {
    await server.close();
  }
});

test('refuse: a device sees the rule’s message as a conflict entry (rejected); a strict push gets FC-RULE-001; nothing is written', async () => {
  const { server, admin } = await setup();
  try {
    const made = await admin.post('/api/admin/rules', {
      name: 'No deactivation by hand',
      entity: 'company',
      events: ['update'],
      condition: "OLD.status = 'active' AND NEW.status = 'inactive'",
      actions: [{ kind: 'refuse', message: 'Ask your manager to deactivate {title}.' }, { kind: 'notify', users: ['u-manager'], message: 'never sent' }],
    });
    assert.is(made.status, 201, JSON.stringify(made.body));
    const sales = client(server, await signIn(server.url, 'sales'));
    await sales.push('company', [record('company', 'co-a', 't-eu', { name: 'Panoply Lyon', status: 'active', type: 'customer' })], false);
    const company = ((await sales.pull('company')).body.documents as Record<string, unknown>[]).find((c) => c.id === 'co-a')!;
    const res = await sales.pushOver('company', company, { ...company, status: 'inactive' });
    assert.is(res.status, 200);
    const answer = (res.body.conflicts as Record<string, unknown>[]).find((d) => d.id === company.id);
    assert.is(answer?.status, 'active', 'the device is given the master back');
    const conflicts = (await sales.pull('conflict')).body.documents as Record<string, unknown>[];
    const kept = conflicts.find((c) => c.recordId === company.id && c.kind === 'rejected');
    assert.ok(kept, 'kept for the author under Conflicts');
    assert.is(kept!.reason, 'FC-RULE-001');
    assert.equal(JSON.parse(String(kept!.issues)), [{ field: '', code: 'rule-refused', detail: `Ask your manager to deactivate ${company.name}.` }]);
    assert.is(JSON.parse(String(kept!.mine)).status, 'inactive', 'the author’s values are kept to fix and resend');
    const strict = await sales.push('company', [{ ...company, status: 'inactive' }], false);
    assert.equal([strict.status, strict.body.code, strict.body.title], [422, 'FC-RULE-001', `Ask your manager to deactivate ${company.name}.`]);
    const [stored] = await server.store.getByIds('company', [String(company.id)]);
    assert.is(stored!.status, 'active');
    const manager = client(server, await signIn(server.url, 'manager'));
    const notes = (await manager.get('/api/dashboard/notifications')).body.items as { title: string }[];
    assert.not.ok(notes.some((x) => x.title === 'never sent'), 'a refused write keeps none of its rules’ effects');
    // Other changes to the company pass.
    const ok = await sales.pushOver('company', company, { ...company, industry: 'Logistics' });
    assert.is(ok.status, 200);
    const [after] = await server.store.getByIds('company', [String(company.id)]);
    assert.is(after!.industry, 'Logistics');
    // A rule on delete refuses the deletion too.
    await admin.post('/api/admin/rules', { name: 'Keep customers', entity: 'company', events: ['delete'], condition: "type = 'customer'", actions: [{ kind: 'refuse', message: 'Customers are never deleted.' }] });
    const customer = ((await sales.pull('company')).body.documents as Record<string, unknown>[]).find((c) => c.id === 'co-a')!;
    const del = await sales.push('company', [{ ...customer, _deleted: true }], false);
    assert.equal([del.status, del.body.code], [422, 'FC-RULE-001']);
    assert.is((await server.store.getByIds('company', ['co-a']))[0]!._deleted, false);
  } finally {
    await server.close();
  }
});

test('on a device (the PWA’s own sync engine): a rule’s change comes back to the device, and a refusal lands in its Conflicts', async () => {
  const { server, admin } = await setup();
  try {
    await admin.post('/api/admin/rules', { name: 'Mining partners', entity: 'company', events: ['insert', 'update'], condition: "industry = 'Mining'", actions: [{ kind: 'set', field: 'type', value: 'partner' }] });
    await admin.post('/api/admin/rules', { name: 'No deactivation', entity: 'company', events: ['update'], condition: "OLD.status = 'active' AND NEW.status = 'inactive'", actions: [{ kind: 'refuse', message: 'Only a manager deactivates {title}.' }] });
    const dev = await openDevice(server.url, await signIn(server.url, 'sales'), { userId: 'u-sales', territoryId: 't-eu' });
    try {
      await dev.engine.awaitInitial();
      const made = await dev.repo.save('company', dev.repo.blank('company', { name: 'Device Mining Co', industry: 'Mining', territoryId: 't-eu' }));
      assert.ok(made.ok, JSON.stringify(made));
      const id = made.ok ? made.record.id : '';
      await waitFor('the rule’s change back on the device', async () => (await dev.repo.get('company', id))?.type === 'partner', 15_000);
      const current = (await dev.repo.get('company', id))!;
      assert.ok((await dev.repo.save('company', { ...current, status: 'inactive' })).ok, 'saved locally, offline-first');
      const kept = await waitFor(
        'the refusal under Conflicts',
        async () => (await dev.db.collections.conflict.find().exec()).map((d) => d.toJSON() as unknown as Record<string, unknown>).find((c) => c.kind === 'rejected' && c.recordId === id),
        15_000,
      );
      assert.is(kept.reason, 'FC-RULE-001');
      assert.match(String(kept.issues), /Only a manager deactivates Device Mining Co\./);
      await waitFor('the master back on the device', async () => (await dev.repo.get('company', id))?.status === 'active', 15_000);
    } finally {
      await dev.close();
    }
  } finally {
    await server.close();
  }
});

test('706-171835-QA: rules run as the acting user with their rights: no impersonation error, an action they may not take is skipped and reported', async () => {
  const { server, admin } = await setup();
  try {
    const made = await admin.post('/api/admin/rules', {
      name: 'New African companies',
      entity: 'company',
      events: ['insert'],
      condition: "territory IN ('t-af') AND industry IS NULL",
      actions: [
        { kind: 'set', field: 'industry', value: 'Unknown' },
        { kind: 'notify', users: ['$actor'], message: 'Please complete {title}' },
        { kind: 'task', subject: 'Qualify {title}', ownerId: '$actor', dueInDays: 1 },
      ],
    });
    assert.is(made.status, 201, JSON.stringify(made.body));
    // The marketing user may write companies in Africa but has no right on appointments and tasks.
    const marketing = client(server, await signIn(server.url, 'marketing'));
    const res = await marketing.push('company', [record('company', 'co-af-new', 't-af', { name: 'Casablanca Freight' })], false);
    assert.is(res.status, 200, JSON.stringify(res.body));
    const [stored] = await server.store.getByIds('company', ['co-af-new']);
    assert.equal([stored!.industry, stored!.updatedBy], ['Unknown', 'u-marketing']);
    const notes = (await marketing.get('/api/dashboard/notifications')).body.items as { title: string }[];
    assert.ok(notes.some((x) => x.title === 'Please complete Casablanca Freight'));
    const all = (await admin.pull('communication')).body.documents as Record<string, unknown>[];
    assert.not.ok(all.some((d) => d.subject === 'Qualify Casablanca Freight'), 'no task made beyond the user’s rights');
    const rules = (await admin.get('/api/admin/rules')).body as { id: string; health: { failures: number; lastCode: string } | null }[];
    const health = rules.find((r) => r.id === made.body.id)!.health;
    assert.equal([health?.failures, health?.lastCode], [1, 'rule-no-right'], 'reported to administrators');
    const failed = (await admin.get('/api/admin/audit?action=rule.failed')).body;
    assert.match(JSON.stringify(failed), /rule-no-right/);
    // The sales rep may create tasks in Europe: the same kind of rule makes one there, as them.
    await admin.put(`/api/admin/rules/${made.body.id}`, { ...made.body, condition: "territory IN ('t-af', 't-eu') AND industry IS NULL" });
    const sales = client(server, await signIn(server.url, 'sales'));
    assert.is((await sales.push('company', [record('company', 'co-eu-new', 't-eu', { name: 'Lyon Panoply' })], false)).status, 200);
    const tasks = ((await sales.pull('communication')).body.documents as Record<string, unknown>[]).filter((d) => d.subject === 'Qualify Lyon Panoply');
    assert.equal(tasks.map((t) => [t.ownerId, t.companyId, t.updatedBy]), [['u-sales', 'co-eu-new', 'u-sales']], 'linked to the company by the task’s reference to companies');
  } finally {
    await server.close();
  }
});

test('a failing rule (a field removed since) is reported once in the audit, counted, and never blocks the write', async () => {
  const metrics = new Metrics();
  const { server, admin } = await setup(metrics);
  try {
    const now = new Date().toISOString();
    // As if saved when the field existed: the condition names a field the entity no longer has.
    await server.store.saveRule({ id: 'r-stale', name: 'Stale rule', entity: 'company', events: ['insert', 'update'], condition: "legacyRating > 3", actions: [{ kind: 'set', field: 'industry', value: 'x' }], enabled: true, updatedAt: now, updatedBy: 'u-admin' }, []);
    const sales = client(server, await signIn(server.url, 'sales'));
    for (const id of ['co-1', 'co-2']) assert.is((await sales.push('company', [record('company', id, 't-eu', { name: `Written ${id}` })], false)).status, 200);
    assert.is((await server.store.getByIds('company', ['co-1', 'co-2'])).length, 2, 'both writes went through');
    const rules = (await admin.get('/api/admin/rules')).body as { id: string; health: { failures: number; lastCode: string; lastError: string } | null }[];
    const h = rules.find((r) => r.id === 'r-stale')!.health!;
    assert.equal([h.failures, h.lastCode], [2, 'rule-unknown-field']);
    assert.match(h.lastError, /legacyRating/);
    const failed = JSON.stringify((await admin.get('/api/admin/audit?action=rule.failed')).body);
    assert.is(failed.match(/r-stale/g)?.length, 1, 'the same failure again only counts');
    assert.match(await metrics.registry.metrics(), /fieldcrm_rules_failed_total\{entity="company"\} 2/);
    // Re-enabling a broken rule is refused with the reason; editing it clears its health.
    await admin.patch('/api/admin/rules/r-stale', { enabled: false });
    const on = await admin.patch('/api/admin/rules/r-stale', { enabled: true });
    assert.equal([on.status, on.body.code, on.body.issues[0].code], [422, 'FC-RULE-002', 'rule-unknown-field']);
  } finally {
    await server.close();
  }
});

test('loops are bounded: two rules setting a field back and forth each act once; a disabled rule does nothing; a deleted one is gone', async () => {
  const { server, admin } = await setup();
  try {
    const a = await admin.post('/api/admin/rules', { name: 'A', entity: 'company', events: ['insert'], condition: "industry = 'ping'", actions: [{ kind: 'set', field: 'industry', value: 'pong' }] });
    const b = await admin.post('/api/admin/rules', { name: 'B', entity: 'company', events: ['insert'], condition: "industry = 'pong'", actions: [{ kind: 'set', field: 'industry', value: 'ping' }] });
    const c = await admin.post('/api/admin/rules', { name: 'C', entity: 'company', events: ['insert'], condition: "industry = 'ping' AND website IS NULL", actions: [{ kind: 'set', field: 'website', value: 'https://example.com' }] });
    assert.equal([a.status, b.status, c.status], [201, 201, 201]);
    const sales = client(server, await signIn(server.url, 'sales'));
    assert.is((await sales.push('company', [record('company', 'co-loop', 't-eu', { name: 'Loop', industry: 'ping' })], false)).status, 200);
    const [doc] = await server.store.getByIds('company', ['co-loop']);
    // A sets pong, B (now holding) sets ping, C then holds on the new state: each once, then it settles.
    assert.equal([doc!.industry, doc!.website], ['ping', 'https://example.com']);
    assert.is((await admin.patch(`/api/admin/rules/${a.body.id}`, { enabled: false })).status, 200);
    await sales.push('company', [record('company', 'co-loop2', 't-eu', { name: 'Loop 2', industry: 'ping', website: 'https://x.example' })], false);
    assert.is((await server.store.getByIds('company', ['co-loop2']))[0]!.industry, 'ping', 'A is disabled');
    assert.is((await admin.del(`/api/admin/rules/${b.body.id}`)).status, 200);
    assert.is((await admin.del(`/api/admin/rules/${b.body.id}`)).status, 404);
    const left = ((await admin.get('/api/admin/rules')).body as { name: string }[]).map((r) => r.name);
    assert.equal(left, ['A', 'C']);
    const audit = JSON.stringify((await admin.get('/api/admin/audit?targetType=rule')).body);
    for (const action of ['rule.create', 'rule.update', 'rule.delete']) assert.ok(audit.includes(action), action);
  } finally {
    await server.close();
  }
});

test('the administration API checks rules against the metadata: unknown field, wrong type, options, positions; test on a record', async () => {
  const { server, admin } = await setup();
  try {
    const base = { name: 'R', entity: 'company', events: ['update'], actions: [{ kind: 'notify', users: ['u-admin'], message: 'm' }] };
    const unknown = await admin.post('/api/admin/rules', { ...base, condition: "status = 'active' AND\n  revenue > 10" });
    assert.equal([unknown.status, unknown.body.code, unknown.body.issues[0].code, unknown.body.issues[0].field, unknown.body.line, unknown.body.column], [422, 'FC-RULE-002', 'rule-unknown-field', 'condition', 2, 3]);
    const type = await admin.post('/api/admin/rules', { ...base, condition: "name > 5" });
    assert.is(type.body.issues[0].code, 'rule-type-mismatch');
    const option = await admin.post('/api/admin/rules', { ...base, condition: "status = 'Closed'" });
    assert.equal([option.body.issues[0].code, option.body.issues[0].detail], ['rule-not-an-option', 'active,inactive']);
    const syntax = await admin.post('/api/admin/rules/check', { entity: 'company', condition: "status = 'active' AND AND" });
    assert.equal([syntax.status, syntax.body.issues[0].code, syntax.body.column], [422, 'rule-syntax', 23]);
    assert.is((await admin.post('/api/admin/rules/check', { entity: 'company', condition: "name LIKE 'Pan%' AND NOT (type IN ('supplier')) AND emails IS NOT NULL" })).status, 200);
    const nul = await admin.post('/api/admin/rules/check', { entity: 'company', condition: 'industry = NULL' });
    assert.is(nul.body.issues[0].code, 'rule-use-is-null');
    const setOnDelete = await admin.post('/api/admin/rules', { ...base, events: ['delete'], condition: '', actions: [{ kind: 'set', field: 'industry', value: 'x' }] });
    assert.is(setOnDelete.status, 422);
    const badValue = await admin.post('/api/admin/rules', { ...base, condition: '', actions: [{ kind: 'set', field: 'status', value: 'closed' }] });
    assert.is(badValue.body.issues[0].code, 'rule-bad-value');
    const badUser = await admin.post('/api/admin/rules', { ...base, condition: '', actions: [{ kind: 'notify', users: ['u-nobody'], message: 'x' }] });
    assert.is(badUser.body.issues[0].code, 'rule-unknown-user');
    const computed = await admin.post('/api/admin/rules', { ...base, entity: 'quote', condition: '', actions: [{ kind: 'set', field: 'total', value: 1 }] });
    assert.is(computed.status, 422, 'computed fields are the server’s');
    for (const [entity, field] of [['opportunity', 'companyId'], ['opportunity', 'currency'], ['communication', 'startsAt']]) {
      const r = await admin.post('/api/admin/rules', { ...base, entity, condition: '', actions: [{ kind: 'set', field, value: 'x' }] });
      assert.equal([r.status, r.body.issues?.[0]?.code], [422, 'rule-unknown-field'], `${entity}.${field}: references, a currency amounts are kept in and wall-clock times are not set by rules`);
    }
    const sales = client(server, await signIn(server.url, 'sales'));
    assert.is((await sales.get('/api/admin/rules')).status, 403, 'administrators only');
    // Test a rule (unsaved) on a record: what it would do, nothing written.
    await admin.push('company', [record('company', 'co-t', 't-eu', { name: "O'Brien & Co" })], false);
    const company = ((await admin.pull('company')).body.documents as Record<string, unknown>[]).find((c) => c.id === 'co-t')!;
    const tried = await admin.post('/api/admin/rules/test', { recordId: company.id, rule: { ...base, condition: `name = '${String(company.name).replace(/'/g, "''")}'`, actions: [{ kind: 'set', field: 'industry', value: 'Tested' }] } });
    assert.equal([tried.status, tried.body.holds, tried.body.set], [200, true, { industry: 'Tested' }]);
    assert.is((await server.store.getByIds('company', [String(company.id)]))[0]!.industry, company.industry, 'a test writes nothing');
    const miss = await admin.post('/api/admin/rules/test', { recordId: company.id, rule: { ...base, condition: "name = 'nobody at all'" } });
    assert.is(miss.body.holds, false);
    const meta = (await admin.get('/api/admin/rules/meta')).body as { entities: { name: string; fields: { name: string; kind: string }[] }[] };
    assert.ok(meta.entities.some((e) => e.name === 'company' && e.fields.some((f) => f.name === 'industry' && f.kind === 'text')));
    assert.not.ok(meta.entities.some((e) => e.name === 'conflict' || e.name === 'quoteItem'), 'per-user records and lines take no rules');
  } finally {
    await server.close();
  }
});

test.run();
