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
  UNAUTHENTICATED: 'FC-AUTH-001',
  BAD_CREDENTIALS: 'FC-AUTH-002',
  FORBIDDEN: 'FC-AUTH-003',
  TOO_MANY_ATTEMPTS: 'FC-AUTH-004',
  INTERNAL: 'FC-SRV-001',
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
  BAD_BOOLEAN: 'bad-boolean',
  BAD_LIST: 'bad-list',
  TOO_MANY: 'too-many',
  BAD_ID: 'bad-id',
  UNKNOWN_FIELD: 'unknown-field',
  ENDS_BEFORE_START: 'ends-before-start',
  NO_RIGHT: 'no-right',
} as const;
export type FieldCode = (typeof FIELD_CODES)[keyof typeof FIELD_CODES];

export interface FieldIssue {
  /** Path of the field, e.g. `name` or `emails.1.address`. */
  field: string;
  code: FieldCode;
  /** Limit or list that the message needs (max length, allowed values). */
  detail?: string | number;
}

/** The JSON problem body every error response carries (after RFC 9457, with our stable `code`). */
export interface Problem {
  type: 'about:blank';
  status: number;
  code: ErrorCode;
  title: string;
  detail?: string;
  /** Per-record field problems, for validation failures; `row` is the index in a pushed batch. */
  issues?: (FieldIssue & { row?: number; id?: string })[];
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && typeof (value as { status?: unknown }).status === 'number';
}
