// The table rules screen's plain logic (pwa/features/admin/rules-view.ts): drafts to request bodies and back, typed
// values by field kind, and the server's problems in the user's language with their place.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { actionText, blankRule, draftOf, issueText, ruleBody, shownValue, typedValue, type RuleField } from '../../pwa/features/admin/rules-view.ts';
import { loadLocale, setLocale } from '../../pwa/i18n/index.ts';
import type { TableRule } from '../../shared/rules.ts';

// French is loaded on demand in the PWA (pwa/i18n/index.ts).
test.before(() => loadLocale('fr'));

const FIELDS: RuleField[] = [
  { name: 'estimatedValue', kind: 'number', settable: true },
  { name: 'stage', kind: 'select', settable: true, options: ['new', 'qualified'] },
  { name: 'details', kind: 'longtext', settable: true },
];

test('a draft becomes the body the server takes, with values typed by the field’s kind, and back', () => {
  const d = blankRule('lead');
  d.name = 'Big';
  d.condition = 'estimatedValue > 10000';
  d.actions = [
    { ...d.actions[0]!, kind: 'set', field: 'estimatedValue', value: '12,5' },
    { ...d.actions[0]!, kind: 'notify', users: ['$actor', 'u-manager'], message: 'Look' },
    { ...d.actions[0]!, kind: 'task', subject: 'Call {title}', ownerId: 'u-sales', dueInDays: 2 },
    { ...d.actions[0]!, kind: 'set', field: 'details', value: '' },
  ];
  const body = ruleBody(d, FIELDS);
  assert.equal(body.actions, [
    { kind: 'set', field: 'estimatedValue', value: 12.5 },
    { kind: 'notify', users: ['$actor', 'u-manager'], message: 'Look' },
    { kind: 'task', subject: 'Call {title}', ownerId: 'u-sales', dueInDays: 2 },
    { kind: 'set', field: 'details', value: null },
  ]);
  assert.equal([body.entity, body.events, body.enabled], ['lead', ['insert', 'update'], true]);
  const back = draftOf({ ...body, id: 'r1', updatedAt: '', updatedBy: '' } as TableRule);
  assert.equal(back.actions.map((a) => [a.kind, a.field, a.value, a.subject]), [['set', 'estimatedValue', '12.5', ''], ['notify', '', '', ''], ['task', '', '', 'Call {title}'], ['set', 'details', '', '']]);
  assert.is(typedValue({ name: 'allDay', kind: 'boolean', settable: true }, 'true'), true);
  assert.is(typedValue(FIELDS[1], 'qualified'), 'qualified');
});

test('problems read in English and French, with the condition’s line and column or the part of the rule', () => {
  setLocale('en', false);
  assert.is(issueText({ field: 'condition', code: 'rule-unknown-field', detail: 'revenue', line: 2, column: 3 }), 'Line 2, column 3: “revenue” is not a field of this entity.');
  assert.is(issueText({ field: 'actions.1.value', code: 'rule-bad-value', detail: 'not-in-list' }), 'Action 2: this value does not suit the field (not-in-list).');
  assert.is(actionText('company', { kind: 'set', field: 'type', value: 'partner' }, (id) => id), 'set Type to Partner');
  assert.is(actionText('company', { kind: 'notify', users: ['$actor', 'u-x'], message: 'Hi' }, (id) => `<${id}>`), 'notify Whoever made the change, <u-x>: “Hi”');
  setLocale('fr', false);
  assert.is(issueText({ field: 'condition', code: 'rule-syntax', detail: 'Expected "(" but end of input found.', line: 1, column: 9 }), 'Ligne 1, colonne 9 : la condition est illisible : Expected "(" but end of input found.');
  assert.is(shownValue('company', 'type', 'partner'), 'Partenaire');
  assert.is(actionText('lead', { kind: 'task', subject: 'Appeler', ownerId: '$actor', dueInDays: 3 }, (id) => id), 'créer la tâche « Appeler » pour L’auteur de la modification, échéance dans 3 jours');
  setLocale('en', false);
});

test.run();
