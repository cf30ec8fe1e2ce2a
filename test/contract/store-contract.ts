// The contract every SyncStore implementation must meet; run by test/integration/store-<dialect>.test.ts.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { SyncStore } from '../../sync-server/db/store.ts';
import { EU, fullRights, makeDoc, pushCtx } from '../helpers/docs.ts';
import { auditEntry } from '../../sync-server/admin/audit.ts';


export function storeContract(name: string, open: () => Promise<SyncStore>): void {
  const t = suite<{ store: SyncStore }>(`store contract: ${name}`, { store: undefined as unknown as SyncStore });
  t.before.each(async (ctx) => {
    ctx.store = await open();
    await ctx.store.migrate();
  });
  t.after.each(async (ctx) => {
    await ctx.store.close();
  });

  t('server settings by prefix, exactly that prefix (saved reports), and deleted one by one', async ({ store }) => {
    const at = '2026-12-05T00:00:00.000Z';
    for (const key of ['report.saved.r-1', 'report.saved.r-2', 'Report.saved.r-3', 'report.savedX', 'report_saved.r-4']) await store.putServerSetting(key, `{"k":"${key}"}`, 'u-admin', at);
    assert.equal((await store.serverSettingsWithPrefix('report.saved.')).map((r) => r.key), ['report.saved.r-1', 'report.saved.r-2']);
    await store.deleteServerSetting('report.saved.r-1');
    assert.equal((await store.serverSettingsWithPrefix('report.saved.')).map((r) => r.value), ['{"k":"report.saved.r-2"}']);
    assert.is(await store.getServerSetting('report.saved.r-1'), null);
  });

  t('migrate is safe to run twice', async ({ store }) => {
    await store.migrate();
    assert.is(await store.count('company'), 0);
  });

  t('a pushed record comes back on pull, stamped by the server', async ({ store }) => {
    const doc = makeDoc('company', { name: 'Panoply Ltd', emails: [{ type: 'business', address: 'sales@panoply.example' }] });
    const out = await store.push('company', [{ assumedMasterState: null, newDocumentState: doc }], pushCtx());
    assert.equal(out.conflicts, []);
    assert.ok(out.lastSeq !== null);
    const page = await store.pull('company', 0, 10, EU);
    assert.is(page.documents.length, 1);
    const got = page.documents[0]!;
    assert.is(got.name, 'Panoply Ltd');
    assert.equal(got.emails, [{ type: 'business', address: 'sales@panoply.example' }]);
    assert.is(got.updatedBy, 'u-test');
    assert.ok(got.updatedAt !== '');
    assert.is(page.lastSeq, out.lastSeq);
    assert.is(page.remaining, 0);
  });

  t('pull pages oldest first, exactly limit rows while more exist', async ({ store }) => {
    const docs = Array.from({ length: 7 }, (_, i) => makeDoc('person', { id: `p${i}`, lastName: `L${i}` }));
    for (const d of docs) await store.push('person', [{ assumedMasterState: null, newDocumentState: d }], pushCtx());
    const seen: string[] = [];
    let since = 0;
    const sizes: number[] = [];
    for (;;) {
      const page = await store.pull('person', since, 3, EU);
      sizes.push(page.documents.length);
      seen.push(...page.documents.map((d) => d.id));
      if (page.documents.length === 0) break;
      assert.ok(page.lastSeq > since);
      // Each document's own sequence, ascending, the last one the page's (devices stop a page before a record).
      assert.is(page.seqs.length, page.documents.length);
      assert.ok(page.seqs.every((s, i) => s > (i ? page.seqs[i - 1]! : since)));
      assert.is(page.seqs[page.seqs.length - 1], page.lastSeq);
      since = page.lastSeq;
    }
    assert.equal(sizes, [3, 3, 1, 0]);
    assert.equal(seen, docs.map((d) => d.id));
  });

  t('an update moves the record to the end of the change order', async ({ store }) => {
    const a = makeDoc('company', { id: 'a' });
    const b = makeDoc('company', { id: 'b' });
    await store.push('company', [{ assumedMasterState: null, newDocumentState: a }, { assumedMasterState: null, newDocumentState: b }], pushCtx());
    const [masterA] = await store.getByIds('company', ['a']);
    await store.push('company', [{ assumedMasterState: masterA!, newDocumentState: { ...masterA!, name: 'A2' } }], pushCtx());
    const page = await store.pull('company', 0, 10, EU);
    assert.equal(page.documents.map((d) => d.id), ['b', 'a']);
    assert.is(page.documents[1]!.name, 'A2');
  });

  t('a retried push applies once and answers without conflict', async ({ store }) => {
    const doc = makeDoc('company', { id: 'r1' });
    const first = await store.push('company', [{ assumedMasterState: null, newDocumentState: doc }], pushCtx());
    const again = await store.push('company', [{ assumedMasterState: null, newDocumentState: doc }], pushCtx());
    assert.equal(again.conflicts, []);
    assert.is(again.lastSeq, null);
    const page = await store.pull('company', 0, 10, EU);
    assert.is(page.documents.length, 1);
    assert.is(page.lastSeq, first.lastSeq);
  });

  t('edits to different fields both survive; same field: master stands and comes back as the conflict', async ({ store }) => {
    const doc = makeDoc('company', { id: 'm1', name: 'Base', industry: 'Retail', website: 'panoply.example' });
    await store.push('company', [{ assumedMasterState: null, newDocumentState: doc }], pushCtx());
    const [base] = await store.getByIds('company', ['m1']);
    await store.push('company', [{ assumedMasterState: base!, newDocumentState: { ...base!, name: 'From A', industry: 'Retail A' } }], pushCtx());
    const out = await store.push('company', [{ assumedMasterState: base!, newDocumentState: { ...base!, industry: 'Retail B', website: 'b.example' } }], pushCtx('u-b'));
    assert.is(out.conflicts.length, 1);
    const [master] = await store.getByIds('company', ['m1']);
    assert.is(master!.name, 'From A');
    assert.is(master!.industry, 'Retail A');
    assert.is(master!.website, 'b.example');
    assert.equal(out.conflicts[0], master);
  });

  t('deletion is a flagged row that pulls like any change', async ({ store }) => {
    const doc = makeDoc('note', { id: 'n1' });
    await store.push('note', [{ assumedMasterState: null, newDocumentState: doc }], pushCtx());
    const [m] = await store.getByIds('note', ['n1']);
    await store.push('note', [{ assumedMasterState: m!, newDocumentState: { ...m!, _deleted: true } }], pushCtx());
    const page = await store.pull('note', 0, 10, EU);
    assert.is(page.documents.length, 1);
    assert.is(page.documents[0]!._deleted, true);
    assert.is(await store.count('note'), 0);
  });

  t('getByIds returns exactly the records asked for (685-171907-QA)', async ({ store }) => {
    await store.insertMany('company', ['x1', 'x2', 'x3', 'x10'].map((id) => makeDoc('company', { id })));
    const got = await store.getByIds('company', ['x1', 'x10', 'missing']);
    assert.equal(got.map((d) => d.id).sort(), ['x1', 'x10']);
  });

  t('users, sessions and territories round-trip', async ({ store }) => {
    await store.insertTerritories([{ id: 't-w', name: 'World', parentId: '' }]);
    await store.insertUsers([{ id: 'u1', login: 'ann', displayName: 'Ann', passwordHash: 'h', role: 'sales', territoryId: 't-w', profileId: 'p1', locale: 'fr', timeZone: 'Europe/Paris' }]);
    assert.is((await store.findUserByLogin('ann'))?.id, 'u1');
    assert.is(await store.findUserByLogin('nobody'), null);
    await store.createSession({ tokenHash: 'th', userId: 'u1', createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' });
    assert.is((await store.findSession('th'))?.userId, 'u1');
    await store.deleteSession('th');
    assert.is(await store.findSession('th'), null);
    assert.equal(await store.listTerritories(), [{ id: 't-w', name: 'World', parentId: '' }]);
    await store.createSession({ tokenHash: 'a', userId: 'u1', createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' });
    await store.createSession({ tokenHash: 'b', userId: 'u1', createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' });
    assert.is(await store.deleteSessionsOfUser('u1'), 2);
    assert.is(await store.findSession('a'), null);
    await store.updateUser('u1', { profileId: 'p2', territoryId: 't-x' });
    assert.equal([(await store.getUser('u1'))?.profileId, (await store.getUser('u1'))?.territoryId], ['p2', 't-x']);
    assert.equal((await store.listUsers()).map((u) => u.id), ['u1']);
  });

  t('administration: audited user changes, sessions listed by last use, audit filtered and paged', async ({ store }) => {
    await store.insertTerritories([{ id: 't-w', name: 'World', parentId: '' }]);
    const admin = { id: 'u0', login: 'root' };
    await store.insertUsers([{ id: 'u1', login: 'ann', displayName: 'Ann', passwordHash: 'h', role: 'sales', territoryId: 't-w', profileId: 'p1', locale: 'fr', timeZone: 'Europe/Paris', mustChangePassword: true }], [auditEntry(admin, 'user.create', { type: 'user', id: 'u1' }, null, { login: 'ann' })]);
    const u = await store.getUser('u1');
    assert.equal([u?.email, u?.disabled, u?.mustChangePassword, u?.reportsTo], ['', false, true, '']);
    const later = new Date(Date.now() + 86_400_000).toISOString();
    await store.createSession({ tokenHash: 'a', userId: 'u1', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: later, userAgent: 'UA', address: '192.0.2.1' });
    await store.createSession({ tokenHash: 'b', userId: 'u1', createdAt: '2026-01-02T00:00:00.000Z', expiresAt: later });
    await store.createSession({ tokenHash: 'gone', userId: 'u1', createdAt: '2020-01-01T00:00:00.000Z', expiresAt: '2020-02-01T00:00:00.000Z' });
    await store.touchSession('a', '2026-01-03T00:00:00.000Z');
    assert.equal((await store.listSessions('u1')).map((x) => [x.tokenHash, x.lastSeenAt, x.userAgent]), [['a', '2026-01-03T00:00:00.000Z', 'UA'], ['b', '2026-01-02T00:00:00.000Z', '']]);
    const ended = await store.updateUser('u1', { disabled: true, email: 'ann@example.com' }, { endSessions: true, audit: [auditEntry(admin, 'user.disable', { type: 'user', id: 'u1' }, { disabled: false }, { disabled: true })] });
    assert.is(ended, 3);
    assert.equal([(await store.getUser('u1'))?.disabled, (await store.getUser('u1'))?.email], [true, 'ann@example.com']);
    const all = await store.audit.list({ offset: 0, limit: 10 });
    assert.equal([all.total, all.rows.map((r) => r.action)], [2, ['user.disable', 'user.create']]);
    assert.equal((await store.audit.list({ action: 'user.create', offset: 0, limit: 10 })).rows.map((r) => r.targetId), ['u1']);
    assert.equal((await store.audit.list({ offset: 1, limit: 1 })).rows.map((r) => r.action), ['user.create']);
    assert.is((await store.audit.list({ from: '2999-01-01T00:00:00.000Z', offset: 0, limit: 10 })).total, 0);
  });

  t('territories deleted only when empty; profiles copied, renamed, deleted only when unused', async ({ store }) => {
    await store.insertTerritories([{ id: 't-w', name: 'World', parentId: '' }, { id: 't-a', name: 'A', parentId: 't-w' }, { id: 't-b', name: 'B', parentId: 't-a' }]);
    await store.insertMany('company', [makeDoc('company', { id: 'c-b', territoryId: 't-b' })]);
    assert.equal(await store.deleteTerritory('t-a'), { territories: 1 });
    assert.equal(await store.deleteTerritory('t-b'), { company: 1 });
    await store.updateTerritory('t-b', { parentId: 't-w', name: 'Bee' });
    assert.equal(await store.deleteTerritory('t-a'), null);
    assert.equal((await store.listTerritories()).map((x) => `${x.id}<${x.parentId}:${x.name}`), ['t-b<t-w:Bee', 't-w<:World']);
    await store.insertProfiles([{ id: 'p1', name: 'One' }]);
    await store.setProfileRights('p1', [{ entity: 'company', territoryId: 't-w', view: true, insert: false, edit: true, delete: false }]);
    await store.setProfileFeatures('p1', ['mailchimp']);
    await store.insertProfiles([{ id: 'p2', name: 'Two' }], { copyFrom: 'p1' });
    assert.equal([(await store.profileRights('p2')).length, await store.profileFeatures('p2')], [1, ['mailchimp']]);
    await store.renameProfile('p2', 'Deux');
    await store.insertUsers([{ id: 'u2', login: 'bob', displayName: 'Bob', passwordHash: 'h', role: 'sales', territoryId: 't-w', profileId: 'p2', locale: 'en', timeZone: 'UTC' }]);
    assert.is(await store.deleteProfile('p2'), 1);
    await store.updateUser('u2', { profileId: 'p1' });
    assert.is(await store.deleteProfile('p2'), 0);
    assert.equal([(await store.listProfiles()).map((p) => p.name), await store.profileRights('p2')], [['One'], []]);
  });

  t('API tokens by hash; forecasts one per user and period, ranged by their start', async ({ store }) => {
    await store.tokens.create({ id: 'k1', userId: 'u1', name: 'ERP', tokenHash: 'hash1', createdAt: '2026-01-01T00:00:00.000Z', lastUsedAt: '', expiresAt: '', access: 'read' });
    assert.is((await store.tokens.find('hash1'))?.id, 'k1');
    assert.is((await store.tokens.find('hash1'))?.access, 'read', 'its access kept');
    await store.tokens.touch('k1', '2026-01-05T00:00:00.000Z');
    assert.is((await store.tokens.list('u1'))[0]?.lastUsedAt, '2026-01-05T00:00:00.000Z');
    assert.is(await store.tokens.delete('k1', 'someone-else'), false);
    assert.is(await store.tokens.delete('k1', 'u1'), true);
    assert.is(await store.tokens.find('hash1'), null);
    const f = (period: string, start: string, amount: number) => ({ id: `u1:${period}`, userId: 'u1', period, periodStart: start, amount, currency: 'EUR', updatedAt: 'now', updatedBy: 'u1' });
    await store.forecasts.put(f('2026-12', '2026-12-01', 100));
    await store.forecasts.put(f('2026-12', '2026-12-01', 250));
    await store.forecasts.put(f('2027-Q1', '2027-01-01', 900));
    assert.equal((await store.forecasts.list(['u1'], '', '')).map((x) => `${x.period}=${x.amount}`), ['2026-12=250', '2027-Q1=900']);
    assert.equal((await store.forecasts.list(['u1', 'u2'], '2027-01-01', '2027-04-01')).map((x) => x.period), ['2027-Q1']);
    assert.is(await store.forecasts.delete('u1', '2026-12'), true);
    assert.is(await store.forecasts.delete('u1', '2026-12'), false);
  });

  t('search finds live records in scope by any search field, wildcards taken literally', async ({ store }) => {
    const both = pushCtx('u', { rights: fullRights(['t-eu', 't-na']) });
    await store.push(
      'company',
      [
        { assumedMasterState: null, newDocumentState: makeDoc('company', { id: 's1', name: 'Panoply Ltd', emails: [{ type: 'business', address: 'info@panoply.example' }] }) },
        { assumedMasterState: null, newDocumentState: makeDoc('company', { id: 's2', name: 'Gatecom', addresses: [{ type: 'business', street: '', city: 'Paris', postcode: '', region: '', country: '' }] }) },
        { assumedMasterState: null, newDocumentState: makeDoc('company', { id: 's3', name: 'Panoply Inc', territoryId: 't-na' }) },
        { assumedMasterState: null, newDocumentState: makeDoc('company', { id: 's4', name: '100% Oak' }) },
      ],
      both,
    );
    assert.equal((await store.search('company', 'panoply', EU, 10)).map((d) => d.id), ['s1']);
    assert.equal((await store.search('company', 'paris', EU, 10)).map((d) => d.id), ['s2']);
    assert.equal((await store.search('company', 'info@panoply', EU, 10)).map((d) => d.id), ['s1']);
    assert.equal((await store.search('company', '0%', EU, 10)).map((d) => d.id), ['s4']);
    assert.equal((await store.search('company', '_', EU, 10)).map((d) => d.id), []);
    assert.equal((await store.search('company', 'panoply', { kind: 'territory', territories: [] }, 10)), []);
  });

  t('profiles and their rights round-trip; setting rights replaces them', async ({ store }) => {
    await store.insertProfiles([{ id: 'p1', name: 'Sales' }]);
    assert.equal(await store.listProfiles(), [{ id: 'p1', name: 'Sales' }]);
    const r = { entity: 'company', territoryId: 't-eu', view: true, insert: false, edit: true, delete: false };
    await store.setProfileRights('p1', [r, { ...r, entity: 'person' }]);
    await store.setProfileRights('p1', [r]);
    assert.equal(await store.profileRights('p1'), [r]);
  });

  t('a pull returns only the scope: other territories stay on the server', async ({ store }) => {
    await store.push('company', [{ assumedMasterState: null, newDocumentState: makeDoc('company', { id: 'eu1' }) }, { assumedMasterState: null, newDocumentState: makeDoc('company', { id: 'na1', territoryId: 't-na' }) }], pushCtx('u', { rights: fullRights(['t-eu', 't-na']) }));
    assert.equal((await store.pull('company', 0, 10, EU)).documents.map((d) => d.id), ['eu1']);
    assert.equal((await store.pull('company', 0, 10, { kind: 'territory', territories: [] })).documents, []);
  });

  t('a record moving out of the scope comes as a tombstone after the checkpoint; moving in, as itself', async ({ store }) => {
    const both = pushCtx('u', { rights: fullRights(['t-eu', 't-na']) });
    await store.push('company', [{ assumedMasterState: null, newDocumentState: makeDoc('company', { id: 'mv' }) }], both);
    const first = await store.pull('company', 0, 10, EU);
    const [m] = await store.getByIds('company', ['mv']);
    await store.push('company', [{ assumedMasterState: m!, newDocumentState: { ...m!, territoryId: 't-na', name: 'Secret new name' } }], both);
    const out = await store.pull('company', first.lastSeq, 10, EU);
    assert.is(out.documents.length, 1);
    assert.is(out.documents[0]!._deleted, true);
    assert.is(out.documents[0]!.id, 'mv');
    assert.is.not(out.documents[0]!.name, 'Secret new name', 'the tombstone tells nothing of the new state');
    const [m2] = await store.getByIds('company', ['mv']);
    await store.push('company', [{ assumedMasterState: m2!, newDocumentState: { ...m2!, territoryId: 't-eu' } }], both);
    const back = await store.pull('company', out.lastSeq, 10, EU);
    assert.equal(back.documents.map((d) => [d.id, d._deleted, d.name]), [['mv', false, 'Secret new name']]);
  });

  t('a company moving territory takes its persons and notes of the same territory along', async ({ store }) => {
    const both = pushCtx('u', { rights: fullRights(['t-eu', 't-na']) });
    await store.push('company', [{ assumedMasterState: null, newDocumentState: makeDoc('company', { id: 'co' }) }], both);
    await store.push('person', [{ assumedMasterState: null, newDocumentState: makeDoc('person', { id: 'pe', companyId: 'co' }) }, { assumedMasterState: null, newDocumentState: makeDoc('person', { id: 'px', companyId: 'co', territoryId: 't-na' }) }], both);
    await store.push('note', [{ assumedMasterState: null, newDocumentState: makeDoc('note', { id: 'no', parentId: 'pe', parentType: 'person' }) }], both);
    const [c] = await store.getByIds('company', ['co']);
    const out = await store.push('company', [{ assumedMasterState: c!, newDocumentState: { ...c!, territoryId: 't-na' } }], both);
    assert.equal(out.touched.sort(), ['company', 'note', 'person']);
    assert.equal((await store.getByIds('person', ['pe', 'px'])).map((p) => p.territoryId), ['t-na', 't-na']);
    assert.is((await store.getByIds('note', ['no']))[0]!.territoryId, 't-na');
  });

  t('strict push: a row without the right refuses the batch and writes nothing', async ({ store }) => {
    const ok = makeDoc('company', { id: 'ok1' });
    const na = makeDoc('company', { id: 'na1', territoryId: 't-na' });
    let refused = false;
    try {
      await store.push('company', [{ assumedMasterState: null, newDocumentState: ok }, { assumedMasterState: null, newDocumentState: na }], pushCtx());
    } catch (err) {
      refused = (err as { status?: number }).status === 403;
    }
    assert.ok(refused);
    assert.is(await store.count('company'), 0);
  });

  t('lenient push: a refused row is kept as a rejected change for its author, the rest applies', async ({ store }) => {
    const ok = makeDoc('company', { id: 'ok1' });
    const na = makeDoc('company', { id: 'na1', territoryId: 't-na', name: 'Mine' });
    const out = await store.push('company', [{ assumedMasterState: null, newDocumentState: ok }, { assumedMasterState: null, newDocumentState: na }], pushCtx('u-a', { lenient: true }));
    assert.equal(out.refusals.map((r) => [r.id, r.code]), [['na1', 'FC-AUTH-003']]);
    assert.equal(out.conflicts.map((d) => [d.id, d._deleted]), [['na1', true]], 'the device drops its copy: it was never on the server');
    assert.is(await store.count('company'), 1);
    const kept = (await store.pull('conflict', 0, 10, { kind: 'owner', ownerId: 'u-a' })).documents;
    assert.is(kept.length, 1);
    assert.equal([kept[0]!.kind, kept[0]!.recordId, kept[0]!.reason, JSON.parse(String(kept[0]!.mine)).name], ['rejected', 'na1', 'FC-AUTH-003', 'Mine']);
    assert.equal((await store.pull('conflict', 0, 10, { kind: 'owner', ownerId: 'someone-else' })).documents, []);
    // The same push again (its answer was lost) keeps the rejection once.
    await store.push('company', [{ assumedMasterState: null, newDocumentState: na }], pushCtx('u-a', { lenient: true }));
    assert.is((await store.pull('conflict', 0, 10, { kind: 'owner', ownerId: 'u-a' })).documents.length, 1);
  });

  t('a same-field loser is kept as a conflict for its author, once even when retried', async ({ store }) => {
    await store.push('company', [{ assumedMasterState: null, newDocumentState: makeDoc('company', { id: 'sf', industry: 'Base' }) }], pushCtx('u-a'));
    const [base] = await store.getByIds('company', ['sf']);
    await store.push('company', [{ assumedMasterState: base!, newDocumentState: { ...base!, industry: 'A wins' } }], pushCtx('u-a'));
    const row = [{ assumedMasterState: base!, newDocumentState: { ...base!, industry: 'B loses' } }];
    await store.push('company', row, pushCtx('u-b', { lenient: true }));
    await store.push('company', row, pushCtx('u-b', { lenient: true }));
    const kept = (await store.pull('conflict', 0, 10, { kind: 'owner', ownerId: 'u-b' })).documents;
    assert.equal(kept.map((k) => [k.kind, k.field, JSON.parse(String(k.mine)), JSON.parse(String(k.theirs)), k.winnerBy]), [['conflict', 'industry', 'B loses', 'A wins', 'u-a']]);
  });

  t('an owner may only settle their own conflict records (status), nothing else', async ({ store }) => {
    await store.push('company', [{ assumedMasterState: null, newDocumentState: makeDoc('company', { id: 'na1', territoryId: 't-na' }) }], pushCtx('u-a', { lenient: true }));
    const [k] = (await store.pull('conflict', 0, 10, { kind: 'owner', ownerId: 'u-a' })).documents;
    const dismissed = { ...k!, status: 'dismissed' };
    await store.push('conflict', [{ assumedMasterState: k!, newDocumentState: dismissed }], pushCtx('u-a', { lenient: true }));
    assert.is((await store.getByIds('conflict', [k!.id]))[0]!.status, 'dismissed');
    const out = await store.push('conflict', [{ assumedMasterState: dismissed, newDocumentState: { ...dismissed, status: 'open', mine: '"forged"' } }], pushCtx('u-a', { lenient: true }));
    assert.is(out.refusals.length, 1);
    const other = await store.push('conflict', [{ assumedMasterState: dismissed, newDocumentState: { ...dismissed, status: 'open' } }], pushCtx('u-b', { lenient: true }));
    assert.is(other.refusals.length, 1);
    assert.is((await store.getByIds('conflict', [k!.id]))[0]!.status, 'dismissed');
  });

  t('calendar feed links: one live link per user; a new one replaces the old; revoking ends it', async ({ store }) => {
    assert.is(await store.findCalendarFeed('h-none'), null);
    await store.createCalendarFeed('u1', 'h-a', '2026-11-01T00:00:00.000Z');
    await store.createCalendarFeed('u2', 'h-b', '2026-11-01T00:00:00.000Z');
    assert.equal(await store.findCalendarFeed('h-a'), { userId: 'u1' });
    await store.createCalendarFeed('u1', 'h-c', '2026-11-02T00:00:00.000Z');
    assert.is(await store.findCalendarFeed('h-a'), null, 'the old link of u1 is gone');
    assert.equal(await store.findCalendarFeed('h-c'), { userId: 'u1' });
    assert.equal(await store.findCalendarFeed('h-b'), { userId: 'u2' }, 'other users keep theirs');
    assert.is(await store.deleteCalendarFeed('u1'), true);
    assert.is(await store.deleteCalendarFeed('u1'), false);
    assert.is(await store.findCalendarFeed('h-c'), null);
    assert.equal(await store.findCalendarFeed('h-b'), { userId: 'u2' });
  });

  t('calendarItems: live communications on the owner\'s calendar, in the scope and the range, by start', async ({ store }) => {
    const both = pushCtx('u', { rights: fullRights(['t-eu', 't-na']) });
    const comm = (id: string, fields: Record<string, unknown>) => ({ assumedMasterState: null, newDocumentState: makeDoc('communication', { id, ownerId: 'u-a', ...fields }) });
    await store.push(
      'communication',
      [
        comm('late', { startsAt: '2026-05-02T09:00:00.000Z' }),
        comm('early', { startsAt: '2026-03-01T09:00:00.000Z' }),
        comm('other-owner', { startsAt: '2026-03-02T09:00:00.000Z', ownerId: 'u-b' }),
        comm('other-territory', { startsAt: '2026-03-03T09:00:00.000Z', territoryId: 't-na' }),
        comm('before', { startsAt: '2025-12-31T23:59:59.999Z' }),
        comm('at-end', { startsAt: '2026-12-01T00:00:00.000Z' }),
        comm('gone', { startsAt: '2026-03-04T09:00:00.000Z' }),
      ],
      both,
    );
    const [gone] = await store.getByIds('communication', ['gone']);
    await store.push('communication', [{ assumedMasterState: gone!, newDocumentState: { ...gone!, _deleted: true } }], both);
    const ids = async (scope: Parameters<SyncStore['calendarItems']>[1], limit = 10) =>
      (await store.calendarItems('u-a', scope, '2026-01-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', limit)).map((d) => d.id);
    assert.equal(await ids(EU), ['early', 'late']);
    assert.equal(await ids({ kind: 'territory', territories: ['t-eu', 't-na'] }), ['early', 'other-territory', 'late']);
    assert.equal(await ids({ kind: 'territory', territories: [] }), []);
    assert.equal(await ids(EU, 1), ['early']);
    const [doc] = await store.calendarItems('u-a', EU, '2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z', 10);
    assert.equal([doc!.kind, doc!.timeZone, doc!.ownerId, doc!._deleted], ['appointment', 'Europe/Paris', 'u-a', false], 'whole records come back');
  });

  t.run();
}
