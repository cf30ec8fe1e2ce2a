// Hostile table-rule conditions and rule bodies (test/fuzz/rule-conditions.ts): the parser only ever answers a
// positioned ConditionError, the server never a 5xx, refused rules change nothing, and writes under any saved rule pass.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyCustomization, EMPTY_CUSTOMIZATION, entityDef, type EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES, isProblem } from '../../shared/errors.ts';
import { blankRecord } from '../../shared/records.ts';
import { checkCondition, evaluate } from '../../sync-server/rules/condition.ts';
import { ConditionError, parseCondition } from '../../sync-server/rules/grammar.ts';
import { hostileCondition, hostileRule, validCondition } from '../fuzz/rule-conditions.ts';
import { hostileString, hostileValue } from '../fuzz/payloads.ts';
import { caseSeed, Rng } from '../helpers/prng.ts';
import { signIn, startServer } from '../helpers/server.ts';

const SEED = 20261205;
const ENTITIES: EntityName[] = ['company', 'person', 'lead', 'communication', 'note', 'opportunity', 'quote'];
const KNOWN = new Set<string>(Object.values(ERROR_CODES));

test('3000 hostile conditions: the parser and checker answer a positioned ConditionError or a tree; a checked tree always evaluates', () => {
  let parsed = 0;
  let clean = 0;
  for (let n = 0; n < 3000; n++) {
    const rng = new Rng(caseSeed(SEED, n));
    const entity = rng.pick(ENTITIES);
    const text = hostileCondition(rng, entity);
    const where = `case ${n} (${entity}): ${JSON.stringify(text.slice(0, 200))}`;
    let tree;
    try {
      tree = parseCondition(text);
    } catch (err) {
      assert.ok(err instanceof ConditionError, `${where}: ${String(err)}`);
      const i = (err as ConditionError).issue;
      assert.ok(i.code === 'rule-syntax' ? i.line! >= 1 && i.column! >= 1 : i.code === 'rule-too-complex', where);
      continue;
    }
    parsed++;
    const def = entityDef(entity);
    const issues = checkCondition(def, tree);
    for (const i of issues) assert.ok(i.line! >= 1 && i.column! >= 1 && i.offset! <= text.length, where);
    if (issues.length) continue;
    clean++;
    const doc = { ...(blankRecord(def, 'x', 't-eu') as Record<string, unknown>), name: "O'Brien", emails: [{ type: 'business', address: 'a@b.example' }] };
    const v = evaluate(def, tree, { old: rng.chance(0.5) ? doc : null, new: doc, plain: 'new', now: new Date().toISOString() });
    assert.ok(v === true || v === false || v === null, where);
  }
  assert.ok(parsed > 600 && clean > 200, `${parsed} parsed, ${clean} passed the check: the generator must reach the evaluator`);
});

test('hostile rules against the administration API: no server error, refusals change nothing, writes under saved rules pass', async () => {
  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...parts: unknown[]) => void logged.push(parts);
  const server = await startServer({ companies: 3 });
  try {
    const token = await signIn(server.url, 'admin');
    const call = async (path: string, body: string) => {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
    };
    const statuses: Record<number, number> = {};
    let saved = 0;
    for (let n = 0; n < 250; n++) {
      const rng = new Rng(caseSeed(SEED + 1, n));
      const entity = rng.pick(ENTITIES);
      const before = (await server.store.listRules()).length;
      const check = rng.chance(0.4);
      const body = check ? JSON.stringify({ entity, condition: hostileCondition(rng, entity) }) : JSON.stringify(hostileRule(rng, entity, ['u-admin', 'u-sales', 'u-manager']));
      const res = await call(check ? '/api/admin/rules/check' : '/api/admin/rules', body);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const where = `case ${n}: ${body.slice(0, 300)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      assert.ok(res.status < 500, where);
      if (res.status >= 400) {
        assert.ok(isProblem(res.body) && KNOWN.has(res.body.code), where);
        assert.is((await server.store.listRules()).length, before, `a refused rule is not saved: ${where}`);
      } else if (!check) saved++;
    }
    assert.ok((statuses[422] ?? 0) > 50, JSON.stringify(statuses));
    // Rules that check, with hostile values in their actions: most are saved, and all of them then run on the writes below.
    for (let n = 0; n < 40; n++) {
      const rng = new Rng(caseSeed(SEED + 3, n));
      const entity = rng.pick(['company', 'person', 'lead', 'note'] as const);
      const text = Object.entries(entityDef(entity).fields).filter(([, f]) => f.kind === 'text' || f.kind === 'longtext').map(([k]) => k);
      const body = { name: `Valid ${n}`, entity, events: ['insert', 'update'], condition: validCondition(rng, entity), actions: [{ kind: 'set', field: rng.pick(text), value: hostileString(rng).slice(0, rng.pick([10, 100, 5000])) }, { kind: 'notify', users: ['$actor'], message: hostileString(rng).slice(0, 400) || 'x' }, { kind: 'task', subject: '{title}', ownerId: '$actor', dueInDays: 1 }] };
      const res = await call('/api/admin/rules', JSON.stringify(body));
      assert.ok(res.status === 201 || res.status === 422, `valid ${n}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      if (res.status === 201) saved++;
    }
    assert.ok(saved > 20, `rules saved: ${saved}; ${JSON.stringify(statuses)}`);
    // Every saved rule now runs on writes: devices' pushes go through (refused by a rule at worst), never a server error.
    const sales = await signIn(server.url, 'sales');
    for (let n = 0; n < 40; n++) {
      const rng = new Rng(caseSeed(SEED + 2, n));
      const entity = rng.pick(['company', 'person', 'lead', 'note'] as const);
      const def = entityDef(entity);
      const doc: Record<string, unknown> = { ...(blankRecord(def, `fz-rule-${n}`, 't-eu') as Record<string, unknown>), _deleted: false };
      for (const [k, f] of Object.entries(def.fields)) if (f.required && f.kind === 'text') doc[k] = `Fuzz ${n}`;
      if (entity === 'note') doc.parentId = '';
      const res = await fetch(`${server.url}/sync/${entity}/push`, { method: 'POST', headers: { authorization: `Bearer ${sales}`, 'content-type': 'application/json', prefer: 'handling=lenient' }, body: JSON.stringify([{ assumedMasterState: null, newDocumentState: doc }]) });
      assert.ok(res.status < 500, `push ${n}: ${res.status} ${await res.text()}`);
    }
    const fired = (await (await fetch(`${server.url}/api/admin/audit?action=rule.fired&limit=500`, { headers: { authorization: `Bearer ${token}` } })).json()) as { rows?: unknown[] };
    assert.ok((fired.rows?.length ?? 0) > 5, `the saved rules acted on the pushes: ${JSON.stringify(fired).slice(0, 200)}`);
    assert.equal(logged.filter((l) => JSON.stringify(l).includes('Error')), [], 'no server fault logged');
  } finally {
    console.error = original;
    await server.close();
  }
});

test("hostile rules on a custom entity's own fields (docs/decisions/0058): no server error; its writes pass, also after a field is purged", async () => {
  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...parts: unknown[]) => void logged.push(parts);
  const server = await startServer({ companies: 2 });
  try {
    const token = await signIn(server.url, 'admin');
    const call = async (method: string, path: string, body: string) => {
      const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
    };
    const made = await call('POST', '/api/admin/custom-entities', JSON.stringify({ code: 'project', label: { en: 'Project', fr: 'Projet' }, parent: 'none', territory: 'own', rights: [{ profileId: 'p-admin', territoryId: 't-world', view: true, insert: true, edit: true, delete: true }] }));
    assert.is(made.status, 201, JSON.stringify(made.body));
    const kinds = ['text', 'number', 'amount', 'date', 'boolean', 'email', 'phone'] as const;
    for (const kind of kinds) assert.is((await call('POST', '/api/admin/custom-fields', JSON.stringify({ entity: 'x_project', code: `f_${kind}`, kind, label: { en: kind, fr: kind } }))).status, 201, kind);
    const phase = JSON.stringify({ entity: 'x_project', code: 'phase', kind: 'select', label: { en: 'Phase', fr: 'Phase' }, options: [{ value: 'design', en: 'Design', fr: 'Conception' }, { value: 'build', en: 'Build', fr: 'Réalisation' }] });
    assert.is((await call('POST', '/api/admin/custom-fields', phase)).status, 201);
    const entity = 'x_project' as EntityName;
    const audit = async (action: string) => ((await (await fetch(`${server.url}/api/admin/audit?action=${action}&limit=500`, { headers: { authorization: `Bearer ${token}` } })).json()) as { rows?: unknown[] }).rows?.length ?? 0;
    // One rule that holds on every write and names the field purged below: the writes are seen to run the rules.
    const always = { name: 'Always', entity, events: ['insert'], condition: 'name IS NOT NULL AND (c_f_number IS NULL OR c_f_number > -1e15)', actions: [{ kind: 'notify', users: ['$actor'], message: 'seen' }] };
    const alwaysId = String(((await call('POST', '/api/admin/rules', JSON.stringify(always))).body as { id: string }).id);
    assert.is((await call('POST', '/api/records/x_project', JSON.stringify({ name: 'Clean' }))).status, 201);
    assert.ok((await audit('rule.fired')) > 0, 'the rule acted on the write');
    const statuses: Record<number, number> = {};
    let saved = 0;
    for (let n = 0; n < 150; n++) {
      const rng = new Rng(caseSeed(SEED + 5, n));
      const check = rng.chance(0.4);
      const body = check ? JSON.stringify({ entity, condition: hostileCondition(rng, entity) }) : JSON.stringify(hostileRule(rng, entity, ['u-admin', 'u-sales']));
      const res = await call('POST', check ? '/api/admin/rules/check' : '/api/admin/rules', body);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const where = `case ${n}: ${body.slice(0, 300)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      assert.ok(res.status < 500, where);
      if (res.status >= 400) assert.ok(isProblem(res.body) && KNOWN.has(res.body.code), where);
      else if (!check) saved++;
    }
    for (let n = 0; n < 20; n++) {
      const rng = new Rng(caseSeed(SEED + 6, n));
      const body = { name: `Valid ${n}`, entity, events: ['insert', 'update'], condition: validCondition(rng, entity), actions: [{ kind: 'set', field: 'c_f_text', value: hostileString(rng).slice(0, 200) }, { kind: 'task', subject: '{title}', ownerId: '$actor', dueInDays: 1 }] };
      const res = await call('POST', '/api/admin/rules', JSON.stringify(body));
      assert.ok(res.status === 201 || res.status === 422, `valid ${n}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      if (res.status === 201) saved++;
    }
    assert.ok(saved > 5 && (statuses[422] ?? 0) > 20, `saved ${saved}; ${JSON.stringify(statuses)}`);
    // Writes of projects under every saved rule, with hostile values: 2xx or a 4xx problem, never a server error.
    const write = async (n: number, salt: number) => {
      const rng = new Rng(caseSeed(SEED + salt, n));
      const doc: Record<string, unknown> = { name: hostileString(rng).slice(0, 150) || `P ${n}` };
      for (const kind of kinds) if (rng.chance(0.6)) doc[`f_${kind}`] = rng.chance(0.7) ? hostileValue(rng) : { number: 5, amount: 1234, boolean: true, date: '2026-12-05', text: 'x', email: 'a@b.example', phone: '+33 1 23 45 67 89' }[kind];
      if (rng.chance(0.5)) doc.c_phase = rng.pick(['design', 'build', 'launch', '']);
      const res = await call('POST', '/api/records/x_project', JSON.stringify(Object.fromEntries(Object.entries(doc).map(([k, v]) => [k.startsWith('f_') ? `c_${k}` : k, v]))));
      assert.ok(res.status < 500, `write ${n}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    };
    for (let n = 0; n < 30; n++) await write(n, 7);
    // A field the rules name is purged: the writes still pass; the broken rules are counted, not fatal.
    assert.is((await call('PATCH', '/api/admin/custom-fields/x_project/c_f_number', JSON.stringify({ hidden: true }))).status, 200);
    assert.is((await call('DELETE', '/api/admin/custom-fields/x_project/c_f_number', '')).status, 200);
    for (let n = 0; n < 20; n++) await write(n, 8);
    // With the fuzzed rules (some refuse everything) set aside, a clean write passes and the broken rule is reported.
    for (const r of await server.store.listRules()) if (r.rule.id !== alwaysId) assert.is((await call('PATCH', `/api/admin/rules/${r.rule.id}`, JSON.stringify({ enabled: false }))).status, 200);
    assert.is((await call('POST', '/api/records/x_project', JSON.stringify({ name: 'Clean again' }))).status, 201);
    assert.ok((await audit('rule.failed')) > 0, 'the rule naming the purged field is reported');
    assert.equal(logged.filter((l) => JSON.stringify(l).includes('Error')), [], 'no server fault logged');
  } finally {
    console.error = original;
    await server.close();
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test.run();
