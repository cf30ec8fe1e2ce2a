// E-mail sent from a record (docs/decisions/0038): the message a user composes, the SMTP settings as the administration
// sees them, and the checks both the compose screen and the server run on a message before anything is sent.
import { FIELD_CODES, type FieldIssue } from './errors.ts';
import { isDocumentTarget, type DocumentTarget } from './documents.ts';
import { customEntity } from './entities/index.ts';
import { isTemplateEntity, TEMPLATE_ENTITIES, type TemplateEntity } from './mail-merge.ts';
import { isValidEmail } from './validation.ts';

/**
 * The records an e-mail is written from: the e-mail templates' entities, custom entities included. A custom record's
 * e-mail is filed on its company or person, regarding the record (docs/decisions/0038).
 */
export const MAIL_ENTITIES = TEMPLATE_ENTITIES;
export type MailEntity = TemplateEntity;
export const isMailEntity = (e: unknown): e is MailEntity => isTemplateEntity(e);
/**
 * Where an e-mail written on a record is filed: the record itself when it takes documents; a quote or an order on its
 * company; a custom record on its company, else its person, the communication regarding the record. Null when the
 * record has none of these (nothing can be sent then).
 */
export function mailFiledOn(entity: string, record: { id: string } & Record<string, unknown>): { entity: DocumentTarget; id: string; regardingId?: string } | null {
  if (isDocumentTarget(entity)) return { entity, id: record.id };
  const custom = customEntity(entity) !== undefined;
  const regarding = custom ? { regardingId: record.id } : {};
  if (typeof record.companyId === 'string' && record.companyId) return { entity: 'company', id: record.companyId, ...regarding };
  if (custom && typeof record.personId === 'string' && record.personId) return { entity: 'person', id: record.personId, ...regarding };
  return null;
}

/** A record of this entity can have an e-mail filed: every built-in one; a custom entity only with a parent to file on. */
export const takesEmail = (e: unknown): e is MailEntity => isMailEntity(e) && (customEntity(e)?.parent ?? 'company') !== 'none';

/** How the connection to the SMTP server is secured: TLS from the first byte (465), STARTTLS required (587), or none (a relay on the LAN). */
export const SMTP_SECURITY = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];
export const isSmtpSecurity = (v: unknown): v is SmtpSecurity => typeof v === 'string' && (SMTP_SECURITY as readonly string[]).includes(v);

export const MAIL_LIMITS = {
  recipients: 50,
  subject: 400,
  /** The HTML body: the same ceiling as a template's. */
  html: 256 * 1024,
  attachments: 10,
  /** All attachments together, before base64 (the JSON body they travel in is limited to 1 MiB by the server). */
  attachmentBytes: 700 * 1024,
  /** Documents already filed, attached by id (read on the server, no JSON limit): all together, as SMTP servers commonly take. */
  documentBytes: 20 * 1024 * 1024,
  host: 253,
  user: 200,
  password: 200,
  fromName: 120,
} as const;

/** The SMTP settings as the administration reads them: the password is never sent back, only whether one is kept. */
export interface SmtpView {
  configured: boolean;
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string;
  passwordSet: boolean;
  fromAddress: string;
  fromName: string;
}

/** What the administration sends; `password` omitted keeps the stored one, '' removes it. */
export interface SmtpInput {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string;
  password?: string;
  fromAddress: string;
  fromName: string;
}

export interface OutgoingAttachment {
  name: string;
  contentType: string;
  /** The file's bytes in base64. */
  content: string;
}

/** A message composed on a record. */
export interface OutgoingMail {
  entity: MailEntity;
  recordId: string;
  to: string[];
  cc: string[];
  subject: string;
  html: string;
  /** The template it started from, if any (kept in the filed communication's details). */
  templateId?: string;
  attachments: OutgoingAttachment[];
  /** Documents already filed (ids), attached as they are stored: the caller must be allowed to see each. */
  documentIds?: string[];
}

/** What the server answers once the message is sent and filed. */
export interface MailSent {
  messageId: string;
  communicationId: string;
  accepted: string[];
  documents: { id: string; name: string }[];
}

/** Addresses typed in one box: split on commas, semicolons and blanks. */
export const splitAddresses = (text: string): string[] =>
  text
    .split(/[,;\s]+/)
    .map((a) => a.trim())
    .filter(Boolean);

export const base64Bytes = (b64: string): number => Math.floor((b64.replace(/=+$/, '').length * 3) / 4);

/** The problems of a composed message, as field issues (the compose screen shows them beside the fields). */
export function mailIssues(m: Pick<OutgoingMail, 'to' | 'cc' | 'subject' | 'html' | 'attachments' | 'documentIds'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (m.to.length === 0) issues.push({ field: 'to', code: FIELD_CODES.REQUIRED });
  for (const [field, list] of [['to', m.to], ['cc', m.cc]] as const) {
    const bad = list.filter((a) => !isValidEmail(a));
    if (bad.length) issues.push({ field, code: FIELD_CODES.BAD_EMAIL, detail: bad.join(', ').slice(0, 300) });
  }
  if (m.to.length + m.cc.length > MAIL_LIMITS.recipients) issues.push({ field: 'to', code: FIELD_CODES.TOO_MANY, detail: MAIL_LIMITS.recipients });
  if (!m.subject.trim()) issues.push({ field: 'subject', code: FIELD_CODES.REQUIRED });
  if (m.subject.length > MAIL_LIMITS.subject) issues.push({ field: 'subject', code: FIELD_CODES.TOO_LONG, detail: MAIL_LIMITS.subject });
  if (m.html.length > MAIL_LIMITS.html) issues.push({ field: 'html', code: FIELD_CODES.TOO_LONG, detail: MAIL_LIMITS.html });
  if (m.attachments.length + (m.documentIds?.length ?? 0) > MAIL_LIMITS.attachments) issues.push({ field: 'attachments', code: FIELD_CODES.TOO_MANY, detail: MAIL_LIMITS.attachments });
  const total = m.attachments.reduce((n, a) => n + base64Bytes(a.content), 0);
  if (total > MAIL_LIMITS.attachmentBytes) issues.push({ field: 'attachments', code: FIELD_CODES.OUT_OF_RANGE, detail: MAIL_LIMITS.attachmentBytes });
  return issues;
}
