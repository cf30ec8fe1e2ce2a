// Table rules (issue #24, docs/decisions/0049): what a rule is, its declared actions and its limits. Shared by the
// server (which parses, checks and runs rules) and the Administration screen (which edits them).

/** The writes a rule can act on. */
export const RULE_EVENTS = ['insert', 'update', 'delete'] as const;
export type RuleEvent = (typeof RULE_EVENTS)[number];

/** Declared actions, never scripts. */
export const RULE_ACTION_KINDS = ['set', 'refuse', 'notify', 'task'] as const;
export type RuleActionKind = (typeof RULE_ACTION_KINDS)[number];

export type RuleAction =
  /** Sets a field of the record being written (insert and update rules). `value` as a person types it; null clears. */
  | { kind: 'set'; field: string; value: string | number | boolean | null }
  /** Refuses the write: the author sees `message` (a device under Conflicts, the REST API as a 422 problem). */
  | { kind: 'refuse'; message: string }
  /** Sends `message` to users (by id; `RULE_ACTOR` is whoever made the change) in the notification area. */
  | { kind: 'notify'; users: string[]; message: string }
  /** Creates a task linked to the record (where the task has a reference to its entity), for `ownerId` (or the actor). */
  | { kind: 'task'; subject: string; ownerId: string; dueInDays: number };

/** In `notify.users` and `task.ownerId`: the user who made the change. */
export const RULE_ACTOR = '$actor';

export interface TableRule {
  id: string;
  name: string;
  entity: string;
  events: RuleEvent[];
  /** A WHERE-style condition over the record's fields (empty: always). */
  condition: string;
  actions: RuleAction[];
  enabled: boolean;
  updatedAt: string;
  updatedBy: string;
}

/** What the server remembers of a rule's failures (shown to administrators). */
export interface RuleHealth {
  failures: number;
  lastCode: string;
  lastError: string;
  lastAt: string;
}

export const RULE_LIMITS = {
  /** Enabled rules per entity: the cost of a write stays bounded. */
  perEntity: 20,
  actions: 10,
  condition: 2000,
  /** Nesting of parentheses (and NOT) in a condition. */
  depth: 40,
  name: 120,
  message: 500,
  subject: 200,
  notifyUsers: 20,
  dueInDays: 3650,
} as const;

/** Stable codes of what is wrong with a rule (a 422 problem's issues, and a failing rule's health). */
export const RULE_CODES = {
  SYNTAX: 'rule-syntax',
  UNKNOWN_FIELD: 'rule-unknown-field',
  TYPE_MISMATCH: 'rule-type-mismatch',
  NOT_AN_OPTION: 'rule-not-an-option',
  BAD_DATE: 'rule-bad-date',
  USE_IS_NULL: 'rule-use-is-null',
  NOT_BOOLEAN: 'rule-not-boolean',
  TOO_COMPLEX: 'rule-too-complex',
  BAD_ACTION: 'rule-bad-action',
  BAD_VALUE: 'rule-bad-value',
  UNKNOWN_USER: 'rule-unknown-user',
  TOO_MANY: 'rule-too-many',
  /** Run time: an action the acting user has no right to take (the write goes on; administrators are told). */
  NO_RIGHT: 'rule-no-right',
  /** Run time: anything else that went wrong while running the rule. */
  FAILED: 'rule-failed',
} as const;
export type RuleCode = (typeof RULE_CODES)[keyof typeof RULE_CODES];

/** A problem with a rule: where (`at` names the part: `condition`, `actions.0.field`…), and in the condition, the position. */
export interface RuleIssue {
  at: string;
  code: RuleCode;
  message: string;
  detail?: string;
  /** 1-based line and column, 0-based offset, in the condition. */
  line?: number;
  column?: number;
  offset?: number;
}
