// Administration's plain logic: "reports to" choices without loops, the edit form's checks, the audit's actions as the
// server has them, readable before/after, CSV cells that never run as formulas, and device names from User-Agents.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AUDIT_ACTIONS, auditCsv, auditEntry, diff } from '../../sync-server/admin/audit.ts';
import { deviceOf } from '../../sync-server/admin/devices.ts';
import { oneTimePassword } from '../../sync-server/admin/users.ts';
import { checkPassword } from '../../sync-server/auth/password-strength.ts';
import { AUDIT_ACTION_NAMES, readable } from '../../pwa/features/admin/audit-view.ts';
import { editIssues, reportsToChoices } from '../../pwa/features/admin/user-form.ts';
import { moveTargets, treeOrder } from '../../pwa/features/admin/territory-tree.ts';

test('reports-to choices leave out the user and everyone below them, however indirectly', () => {
  const users = [
    { id: 'boss', reportsTo: '' },
    { id: 'mgr', reportsTo: 'boss' },
    { id: 'rep', reportsTo: 'mgr' },
    { id: 'intern', reportsTo: 'rep' },
    { id: 'other', reportsTo: '' },
  ];
  assert.equal(reportsToChoices('mgr', users).map((u) => u.id), ['boss', 'other']);
  assert.equal(reportsToChoices('intern', users).map((u) => u.id), ['boss', 'mgr', 'rep', 'other']);
});

test('the edit form: a name, a valid e-mail when given, a known time zone', () => {
  const ok = { displayName: 'Dan', email: '', locale: 'en', timeZone: 'America/Denver', profileId: 'p', territoryId: 't', reportsTo: '' };
  assert.equal(editIssues(ok), []);
  assert.equal(editIssues({ ...ok, displayName: ' ', email: 'nope', timeZone: 'Mars/Base' }).map((i) => `${i.field}:${i.code}`), ['displayName:required', 'email:bad-email', 'timeZone:bad-timezone']);
});

test('the Audit page filters on exactly the server\'s actions', () => {
  assert.equal([...AUDIT_ACTION_NAMES], [...AUDIT_ACTIONS]);
});

test('audit entries: only what changed, no hash; readable; CSV with quoted JSON and no formula cells', () => {
  assert.equal(diff({ a: 1, b: 'x', passwordHash: 'h1' }, { a: 1, b: 'y', passwordHash: 'h2' }), { before: { b: 'x' }, after: { b: 'y' } });
  const e = auditEntry({ id: 'u-admin', login: 'admin' }, 'user.update', { type: 'user', id: 'u-1' }, { displayName: '=HYPERLINK("x")' }, { displayName: 'B', passwordHash: 'secret' });
  assert.not.match(e.after, 'secret');
  assert.is(readable(e.after), 'displayName: B');
  const later = auditEntry({ id: 'u-admin', login: 'admin' }, 'user.enable', { type: 'user', id: 'u-1' }, null, null, e.at);
  assert.ok(later.id > e.id, 'ids sort in the order made');
  const csv = auditCsv([{ ...e, targetId: '=cmd' }]);
  assert.ok(csv.startsWith('\uFEFFat,actor,action,target_type,target_id,before,after\r\n'));
  assert.match(csv, /,'=cmd,/);
  assert.match(csv, /"{""displayName"":""=HYPERLINK\(\\""x\\""\)""}"/);
});

test('devices from User-Agents; none for a bare client', () => {
  assert.equal(deviceOf('Mozilla/5.0 (Linux; Android 9; SM-G960F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/80.0.3987.99 Mobile Safari/537.36'), { browser: 'Chrome 80.0 · Android 9', kind: 'mobile', model: '' });
  assert.equal(deviceOf(''), { browser: '', kind: '', model: '' });
});

test('one-time passwords pass the password policy', () => {
  for (let i = 0; i < 50; i++) {
    const p = oneTimePassword();
    assert.equal(checkPassword(p, ['dan', 'Dan Rivera']), [], p);
  }
});

test('the territory tree in order with depths; a territory never offered a place inside itself', () => {
  const ts = [
    { id: 'w', name: 'World', parentId: '' },
    { id: 'na', name: 'North America', parentId: 'w' },
    { id: 'eu', name: 'Europe', parentId: 'w' },
    { id: 'fr', name: 'France', parentId: 'eu' },
  ];
  assert.equal(treeOrder(ts).map((x) => `${x.depth}${x.territory.id}`), ['0w', '1eu', '2fr', '1na']);
  assert.equal(moveTargets(ts, 'eu').map((x) => x.id), ['w', 'na']);
});

test.run();
