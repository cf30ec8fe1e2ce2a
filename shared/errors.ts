import { RULE_CODES } from './rules.ts';

// Error codes shared by server and PWA. A code is never reused for another meaning; the PWA decides on codes, never on text.

export const ERROR_CODES = {
  VALIDATION_FAILED: 'FC-VAL-001',
  MALFORMED_BODY: 'FC-REQ-001',
  BAD_CHECKPOINT: 'FC-REQ-002',
  UNKNOWN_COLLECTION: 'FC-REQ-003',
  BATCH_TOO_LARGE: 'FC-REQ-004',
  NOT_FOUND: 'FC-REQ-005',
  /** The body is larger than the route accepts; refused before it is parsed. */
  BODY_TOO_LARGE: 'FC-REQ-006',
  /** A request body that is not declared as JSON (forces a CORS preflight on cross-site requests). */
  UNSUPPORTED_MEDIA_TYPE: 'FC-REQ-007',
  /** A pull asked for a page form the server does not know (`form`: documents or columns). */
  BAD_PULL_FORM: 'FC-REQ-008',
  UNAUTHENTICATED: 'FC-AUTH-001',
  BAD_CREDENTIALS: 'FC-AUTH-002',
  FORBIDDEN: 'FC-AUTH-003',
  TOO_MANY_ATTEMPTS: 'FC-AUTH-004',
  /** A state-changing request carried by the session cookie came from another site (Origin / Sec-Fetch-Site). */
  CROSS_SITE: 'FC-AUTH-007',
  /** Sign-in refused: an administrator disabled this account (the password was right). */
  ACCOUNT_DISABLED: 'FC-AUTH-008',
  /** The password was reset (or is a new user's first): nothing but changing it is allowed until it is changed. */
  PASSWORD_CHANGE_REQUIRED: 'FC-AUTH-009',
  /** A personal API token past its expiry date (detail: when it expired): its owner makes a new one. */
  TOKEN_EXPIRED: 'FC-AUTH-010',
  /** A read-only personal API token asked to change something (any write; the reads sent as POST are allowed). */
  TOKEN_READ_ONLY: 'FC-AUTH-011',
  /** Administration: an administrator may not disable themselves (nobody might be left to undo it). */
  ADMIN_SELF_DISABLE: 'FC-ADM-001',
  /** Administration: "reports to" would make a loop (the user, or someone reporting to them). */
  ADMIN_REPORTS_LOOP: 'FC-ADM-002',
  /** Territories: a territory cannot move under itself or one of its own sub-territories. */
  ADMIN_TERRITORY_LOOP: 'FC-ADM-003',
  /** Territories: the root territory is neither moved nor deleted, and no second root is made. */
  ADMIN_TERRITORY_ROOT: 'FC-ADM-004',
  /** Territories: only an empty territory is deleted (detail: what is still in it: sub-territories, records, users). */
  ADMIN_TERRITORY_NOT_EMPTY: 'FC-ADM-005',
  /** Security profiles: a profile some user has is not deleted (detail: how many users). */
  ADMIN_PROFILE_IN_USE: 'FC-ADM-006',
  /** Forecasts: only the user and the one they report to may change a user's forecast, whatever the profile (781-171899-QA). */
  FORECAST_NOT_YOURS: 'FC-FCS-001',
  /** Forecasts: only one's own, one's team's (those reporting to one), or an administrator's view. */
  FORECAST_NOT_VISIBLE: 'FC-FCS-002',
  /** Forecasts: a period is a month (2026-12) or a quarter (2026-Q4). */
  FORECAST_BAD_PERIOD: 'FC-FCS-003',
  INTERNAL: 'FC-SRV-001',
  /** Customisation: no such custom field. */
  CUSTOM_NOT_FOUND: 'FC-CUS-001',
  /** Customisation: only a hidden custom field is purged (hide it first: its values are erased for good). */
  CUSTOM_PURGE_VISIBLE: 'FC-CUS-002',
  /**
   * Customisation: a custom entity is removed only once no report, template or table rule uses it (detail: their names),
   * and with its key typed as confirmation (issues: `confirm`).
   */
  CUSTOM_ENTITY_IN_USE: 'FC-CUS-003',
  /** Table rules (docs/decisions/0049): a rule of the organisation refused this write (detail: the rule's message). */
  RULE_REFUSED: 'FC-RULE-001',
  /** Table rules: the rule sent is not valid (issues: where, with a rule code and, in the condition, the position). */
  RULE_INVALID: 'FC-RULE-002',
  /** Table rules: no such rule, or no such record to test it on. */
  RULE_NOT_FOUND: 'FC-RULE-003',
  /** A feature the user's profile lacks, or whose integration is switched off (MailChimp). */
  FEATURE_OFF: 'FC-AUTH-005',
  /** MailChimp has no API key or no audience yet. */
  MAILCHIMP_NOT_CONFIGURED: 'FC-MC-006',
  /** MailChimp: the API key is not `<32 hex>-<data centre>`. */
  MAILCHIMP_BAD_KEY: 'FC-MC-001',
  /** MailChimp refused the request (a 4xx other than 401/404; its title and detail are in the message). */
  MAILCHIMP_REJECTED: 'FC-MC-002',
  /** MailChimp could not be reached, or still failed (429/5xx) after the retries. */
  MAILCHIMP_UNREACHABLE: 'FC-MC-003',
  /** MailChimp does not accept the API key (401). */
  MAILCHIMP_UNAUTHORIZED: 'FC-MC-004',
  /** The MailChimp audience does not exist (404). */
  MAILCHIMP_AUDIENCE_NOT_FOUND: 'FC-MC-005',
  /** A stored secret cannot be decrypted: the server's secret key changed (or the text was altered). */
  SECRET_KEY_CHANGED: 'FC-SEC-001',
  /** Groups: the name is empty or longer than 120 characters. */
  GROUP_BAD_NAME: 'FC-GRP-001',
  /** Groups: a malformed request (entity, kind, ids, paging, a member filter, or a field that cannot change). */
  GROUP_BAD_INPUT: 'FC-GRP-002',
  /** Groups: a dynamic group's criteria name an unknown field or value, or a static group was given criteria. */
  GROUP_BAD_CRITERIA: 'FC-GRP-003',
  /** Groups: there is no such group (or the user may not view its kind of record). */
  GROUP_NOT_FOUND: 'FC-GRP-004',
  /** Groups: members are added to and removed from static groups only; a dynamic group's are its search's. */
  GROUP_NOT_STATIC: 'FC-GRP-005',
  /** Groups: the group would hold more than 10,000 members. */
  GROUP_FULL: 'FC-GRP-006',
  /** Groups: a record to add does not exist, is deleted, is of another entity, or the user may not view it. */
  GROUP_MEMBER_UNAVAILABLE: 'FC-GRP-007',
  /** Outlook plug-in installer signing (docs/decisions/0008): why a certificate cannot sign, or none was found. */
  INSTALLER_PFX_PASSWORD: 'FC-INSTALLER-001',
  INSTALLER_NO_PRIVATE_KEY: 'FC-INSTALLER-002',
  INSTALLER_NOT_CODE_SIGNING: 'FC-INSTALLER-003',
  INSTALLER_CERT_EXPIRED: 'FC-INSTALLER-004',
  INSTALLER_CERT_NOT_YET_VALID: 'FC-INSTALLER-005',
  INSTALLER_THUMBPRINT_NOT_FOUND: 'FC-INSTALLER-006',
  INSTALLER_NO_CERTIFICATE: 'FC-INSTALLER-007',
  INSTALLER_CERT_UNREADABLE: 'FC-INSTALLER-008',
  /** A value (login, install name, server address) that an MSI property cannot hold: printable ASCII only. */
  INSTALLER_BAD_VALUE: 'FC-INSTALLER-009',
  /** Outside demo mode the shipped demo certificate (its private key is public) signs nothing unless allowed. */
  INSTALLER_DEMO_CERTIFICATE: 'FC-INSTALLER-010',
  /** Online records (quotes, orders, products, opportunities): a malformed request (keys, paging, a field filter). */
  RECORD_BAD_INPUT: 'FC-REC-001',
  /** Online records: the entity is kept on devices and written through sync, or its records are written through their parent (a quote's lines). */
  RECORD_NOT_WRITABLE_HERE: 'FC-REC-002',
  /** Lists: the sort names a field the entity does not have or cannot sort by (a list, a reference), or too many. */
  LIST_BAD_SORT: 'FC-REC-003',
  /** Lists: a filter names a field the entity cannot be filtered by, or its value does not fit the field. */
  LIST_BAD_FILTER: 'FC-REC-004',
  /** Quotes and orders: the quote was already converted to an order. */
  QUOTE_ALREADY_ORDERED: 'FC-QUO-001',
  /** Quotes and orders: the currency cannot change while the document has lines priced in it. */
  QUOTE_CURRENCY_LOCKED: 'FC-QUO-002',
  /** Mail merge: a template names a field the merge data does not have (detail: the field, line and column). */
  MERGE_UNKNOWN_FIELD: 'FC-MRG-001',
  /** Mail merge: the template is not valid Liquid (an unclosed tag, an unknown filter or tag), with its line. */
  MERGE_SYNTAX: 'FC-MRG-002',
  /** Mail merge: a template request is malformed (name, kind, entity, size). */
  MERGE_BAD_TEMPLATE: 'FC-MRG-003',
  /** Mail merge: no such template or merged document (or the user may not view its record). */
  MERGE_NOT_FOUND: 'FC-MRG-004',
  /** Mail merge: the template is for another entity or kind than the record asked to merge. */
  MERGE_WRONG_ENTITY: 'FC-MRG-005',
  /** Mail merge: rendering took too long or produced too much. */
  MERGE_TOO_LARGE: 'FC-MRG-006',
  /** Documents (docs/decisions/0013): the file is larger than the configured limit (checked before and while it arrives). */
  DOC_TOO_LARGE: 'FC-DOC-001',
  /** Documents: files of this type (extension, or what the content turns out to be) are refused by the settings. */
  DOC_TYPE_REFUSED: 'FC-DOC-002',
  /** Documents: the content is not what the file's name or declared type says (a .pdf that is not a PDF). */
  DOC_CONTENT_MISMATCH: 'FC-DOC-003',
  /** Documents: the file is empty. */
  DOC_EMPTY: 'FC-DOC-004',
  /** Documents: no usable file name (empty, or only characters a file name cannot hold). */
  DOC_BAD_NAME: 'FC-DOC-005',
  /** Documents: the record to file with does not exist, is deleted, is of a kind that takes no documents, or is not the user's to view. */
  DOC_TARGET_UNAVAILABLE: 'FC-DOC-006',
  /** Documents: no such document, or not one the user may view. */
  DOC_NOT_FOUND: 'FC-DOC-007',
  /** Documents: the stored file is missing or no longer matches its SHA-256: it is not served. */
  DOC_INTEGRITY: 'FC-DOC-008',
  /** Documents: an .eml or .msg file that cannot be read as an e-mail. */
  DOC_BAD_EMAIL: 'FC-DOC-009',
  /** Documents: the upload ended before the whole file arrived. */
  DOC_UPLOAD_INCOMPLETE: 'FC-DOC-010',
  /** Documents: an unknown security policy, or a territory the user may not view the record's kind in. */
  DOC_BAD_POLICY: 'FC-DOC-011',
  /** Documents: the administrator's settings are out of range (size limit, refused types, storage). */
  DOC_BAD_SETTINGS: 'FC-DOC-012',
  /** Documents: an upload without the X-FieldCRM-Upload header (what keeps other sites from posting files). */
  DOC_UPLOAD_HEADER: 'FC-DOC-013',
  /** Documents: a malformed request (target, record id, paging, filter). */
  DOC_BAD_INPUT: 'FC-DOC-014',
  /** Documents: this document has no inline preview (only images and PDF files do). */
  DOC_NO_PREVIEW: 'FC-DOC-015',
  /** Documents: this e-mail (same Message-ID) is filed already, on a communication still there; `detail` is its id. */
  DOC_FILED_ALREADY: 'FC-DOC-016',
  /** Reports (docs/decisions/0035): the definition names an unknown entity, column, filter or grouping, or a saved report's name or sharing is malformed. */
  REPORT_BAD_DEFINITION: 'FC-REP-001',
  /** Reports: no such report, or not one the user may run (another user's that is not shared). */
  REPORT_NOT_FOUND: 'FC-REP-002',
  /** Reports: more matching records than a report runs over; narrow it with a filter. */
  REPORT_TOO_LARGE: 'FC-REP-003',
  /** Reports: only the user who saved a report may change or delete it. */
  REPORT_NOT_YOURS: 'FC-REP-004',
  /** Dashboard: the arrangement of gadgets is malformed (unknown gadget, too many, a report that is not runnable). */
  DASHBOARD_BAD_LAYOUT: 'FC-DSH-001',
  /** E-mail from a record (docs/decisions/0038): no SMTP server is configured yet. */
  MAIL_NOT_CONFIGURED: 'FC-MAIL-001',
  /** E-mail: a malformed message (no recipient, a bad address, a subject too long, too many or too large attachments). */
  MAIL_BAD_INPUT: 'FC-MAIL-002',
  /** E-mail: the SMTP server could not be reached (refused, timed out, TLS failed). Nothing was sent or filed. */
  MAIL_SERVER_UNREACHABLE: 'FC-MAIL-003',
  /** E-mail: the SMTP server refused the user name and password. Nothing was sent or filed. */
  MAIL_AUTH_FAILED: 'FC-MAIL-004',
  /** E-mail: the SMTP server refused a recipient's address (detail: the addresses). Nothing was sent or filed. */
  MAIL_RECIPIENT_REFUSED: 'FC-MAIL-005',
  /** E-mail: the SMTP server refused the message (its reply in the message). Nothing was sent or filed. */
  MAIL_REFUSED: 'FC-MAIL-006',
  /** E-mail: the message was sent but could not be filed on the record (the reason in the message). */
  MAIL_SENT_NOT_FILED: 'FC-MAIL-007',
  /** E-mail: the administrator's SMTP settings are out of range (host, port, security, sender). */
  MAIL_BAD_SETTINGS: 'FC-MAIL-008',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Codes of single field problems, shown next to the field and returned by the server in `issues`. */
export const FIELD_CODES = {
  REQUIRED: 'required',
  TOO_LONG: 'too-long',
  NOT_TEXT: 'not-text',
  NOT_IN_LIST: 'not-in-list',
  BAD_EMAIL: 'bad-email',
  BAD_URL: 'bad-url',
  BAD_DATE: 'bad-date',
  BAD_DATETIME: 'bad-datetime',
  BAD_TIMEZONE: 'bad-timezone',
  BAD_NUMBER: 'bad-number',
  OUT_OF_RANGE: 'out-of-range',
  /** A number below zero where only zero or more makes sense (a quantity, a price). */
  NEGATIVE: 'negative',
  BAD_BOOLEAN: 'bad-boolean',
  BAD_LIST: 'bad-list',
  TOO_MANY: 'too-many',
  BAD_ID: 'bad-id',
  UNKNOWN_FIELD: 'unknown-field',
  ENDS_BEFORE_START: 'ends-before-start',
  NO_RIGHT: 'no-right',
  /**
   * A record of a custom entity this device is about to keep (docs/decisions/0057): the device reopens its database
   * with the entity's collection in a moment; nothing was written (the form keeps what was typed).
   */
  DEVICE_REOPENING: 'device-reopening',
  /** The address is already used by another company, person or lead (detail: its title). */
  DUPLICATE_EMAIL: 'duplicate-email',
  /** The same, but the other record is one the user may not see: it is not named. */
  DUPLICATE_EMAIL_HIDDEN: 'duplicate-email-hidden',
  /** A line's amount discount is more than its list price. */
  DISCOUNT_OVER_PRICE: 'discount-over-price',
  /** A computed amount (a line total, a document total) would pass the largest amount kept (detail: the limit). */
  AMOUNT_TOO_LARGE: 'amount-too-large',
  /** The product has no list price in the document's currency, and none was typed. */
  NO_PRICE_IN_CURRENCY: 'no-price-in-currency',
  /** The product already has a list price in this currency. */
  CURRENCY_TAKEN: 'currency-taken',
  /** The referenced record does not exist, is deleted, or the user may not view it. */
  REF_UNAVAILABLE: 'ref-unavailable',
  /** A document's lines: at most this many (detail). */
  TOO_MANY_LINES: 'too-many-lines',
  /** The merge template's entity is not one a template may be made for (the "System" entity, 756-171755-ENH). */
  NOT_A_TEMPLATE_ENTITY: 'not-a-template-entity',
  /** A password may not start with a non-alphanumeric character (685-171867-QA). */
  PASSWORD_SYMBOL_START: 'password-symbol-start',
  /** A password has fewer characters than the policy asks (detail: the minimum). */
  PASSWORD_TOO_SHORT: 'password-too-short',
  /** A password is common, or built on the login or the name. */
  PASSWORD_WEAK: 'password-weak',
  /** The current password given to change it is wrong. */
  PASSWORD_WRONG: 'password-wrong',
  /** A login already used by another user. */
  LOGIN_TAKEN: 'login-taken',
  /** A name another one of the same kind already has (a security profile). */
  NAME_TAKEN: 'name-taken',
  /** The new password is the current one (a one-time password must be replaced by another). */
  PASSWORD_SAME: 'password-same',
  /** A custom field's code: a lower-case letter, then lower-case letters, digits or `_` (at most 30). */
  BAD_CODE: 'bad-code',
  /** An option list's value: letters, digits, `_` or `-` (at most 40). */
  BAD_OPTION: 'bad-option',
  /** The option list has this value twice. */
  DUPLICATE_OPTION: 'duplicate-option',
  /** A table rule refused the change (detail: the rule's message, as the administrator wrote it). */
  RULE_REFUSED: 'rule-refused',
  /** What is wrong with a table rule (shared/rules.ts): `field` names the part, `line`/`column` the place in its condition. */
  RULE_SYNTAX: RULE_CODES.SYNTAX,
  RULE_UNKNOWN_FIELD: RULE_CODES.UNKNOWN_FIELD,
  RULE_TYPE_MISMATCH: RULE_CODES.TYPE_MISMATCH,
  RULE_NOT_AN_OPTION: RULE_CODES.NOT_AN_OPTION,
  RULE_BAD_DATE: RULE_CODES.BAD_DATE,
  RULE_USE_IS_NULL: RULE_CODES.USE_IS_NULL,
  RULE_NOT_BOOLEAN: RULE_CODES.NOT_BOOLEAN,
  RULE_TOO_COMPLEX: RULE_CODES.TOO_COMPLEX,
  RULE_BAD_ACTION: RULE_CODES.BAD_ACTION,
  RULE_BAD_VALUE: RULE_CODES.BAD_VALUE,
  RULE_UNKNOWN_USER: RULE_CODES.UNKNOWN_USER,
  RULE_TOO_MANY: RULE_CODES.TOO_MANY,
  RULE_NO_RIGHT: RULE_CODES.NO_RIGHT,
  RULE_FAILED: RULE_CODES.FAILED,
} as const;
export type FieldCode = (typeof FIELD_CODES)[keyof typeof FIELD_CODES];

export interface FieldIssue {
  /** Path of the field, e.g. `name` or `emails.1.address`. */
  field: string;
  code: FieldCode;
  /** Limit or list that the message needs (max length, allowed values). */
  detail?: string | number;
  /** In a submitted text (a table rule's condition): 1-based line and column. */
  line?: number;
  column?: number;
}

/** The JSON problem body every error response carries (after RFC 9457, with our stable `code`). */
export interface Problem {
  type: 'about:blank';
  status: number;
  code: ErrorCode;
  title: string;
  detail?: string;
  /** Where in a submitted text the problem is (a mail-merge template): 1-based line and column. */
  line?: number;
  column?: number;
  /** Per-record field problems, for validation failures; `row` is the index in a pushed batch. */
  issues?: (FieldIssue & { row?: number; id?: string })[];
  /** The request's id (also the `X-Request-Id` header), to quote when reporting the problem. */
  requestId?: string;
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && typeof (value as { status?: unknown }).status === 'number';
}
