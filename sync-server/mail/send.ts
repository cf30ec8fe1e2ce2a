// Sends an e-mail written on a record through the organisation's SMTP server (nodemailer, docs/decisions/0038), then
// files exactly the message that was sent (its .eml) on the record: an e-mail communication, its attachments documents.
// A failure before the server accepted the message files nothing; each failure has its own code.
import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { cleanFileName, uploadProblem } from '../../shared/documents.ts';
import { customEntity, type EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES, FIELD_CODES, type ErrorCode } from '../../shared/errors.ts';
import { isObject } from '../../shared/objects.ts';
import { isMailEntity, MAIL_LIMITS, mailFiledOn, mailIssues, type MailSent, type OutgoingAttachment, type OutgoingMail } from '../../shared/outgoing-mail.ts';
import type { Services } from '../context.ts';
import { AppError } from '../errors.ts';
import { CustomRecords } from '../online/custom-records.ts';
import type { Caller, OnlineRecords } from '../online/records.ts';
import { smtpConfig, type SmtpConfig } from './settings.ts';

const bad = (message: string, issues?: AppError['issues']): AppError => new AppError(422, ERROR_CODES.MAIL_BAD_INPUT, message, issues);

/** Reads a compose request: every problem at once, as field issues. */
export function readOutgoing(body: unknown): OutgoingMail {
  if (!isObject(body) || !isMailEntity(body.entity) || typeof body.recordId !== 'string' || !body.recordId || body.recordId.length > 40)
    throw new AppError(400, ERROR_CODES.MAIL_BAD_INPUT, 'Send { entity, recordId, to, cc?, subject, html, attachments? } for a company, person, lead, opportunity, quote, order or custom record.');
  const list = (v: unknown): string[] | null => (v === undefined ? [] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]).map((x) => x.trim()).filter(Boolean) : null);
  const to = list(body.to);
  const cc = list(body.cc);
  const atts = body.attachments === undefined ? [] : body.attachments;
  const attachments: OutgoingAttachment[] | null =
    Array.isArray(atts) && atts.every((a) => isObject(a) && typeof a.name === 'string' && typeof a.content === 'string' && (a.contentType === undefined || typeof a.contentType === 'string'))
      ? atts.map((a) => ({ name: String(a.name), contentType: typeof a.contentType === 'string' ? a.contentType : 'application/octet-stream', content: String(a.content) }))
      : null;
  const documentIds = list(body.documentIds);
  if (!to || !cc || !attachments || !documentIds || documentIds.some((id) => id.length > 40) || typeof body.subject !== 'string' || typeof body.html !== 'string')
    throw bad('to and cc are lists of addresses, subject and html are text, attachments are { name, contentType, content (base64) }, documentIds are ids of filed documents.');
  if (attachments.some((a) => !/^[A-Za-z0-9+/]*={0,2}$/.test(a.content))) throw bad('An attachment’s content is not base64.');
  const m: OutgoingMail = {
    entity: body.entity,
    recordId: body.recordId,
    to,
    cc,
    subject: body.subject,
    html: body.html,
    attachments,
    ...(documentIds.length ? { documentIds: [...new Set(documentIds)] } : {}),
    ...(typeof body.templateId === 'string' && body.templateId ? { templateId: body.templateId.slice(0, 40) } : {}),
  };
  const issues = mailIssues(m);
  if (issues.length) throw bad('The message cannot be sent as it is.', issues);
  return m;
}

/** The nodemailer transport for the settings: one connection per message (sending is rare and interactive). */
function transportFor(s: SmtpConfig) {
  return createTransport({
    host: s.host,
    port: s.port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    ...(s.user ? { auth: { user: s.user, pass: s.password } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // Never read a local file or a URL named in a message: only the bytes we pass.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

/** An SMTP failure as a stable code: what the user can act on (the server, the password, an address). */
export function smtpFailure(err: unknown): AppError {
  const e = (isObject(err) ? err : {}) as { code?: unknown; responseCode?: unknown; response?: unknown; rejected?: unknown; message?: unknown; command?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const reply = typeof e.response === 'string' ? e.response.slice(0, 300) : typeof e.message === 'string' ? e.message.slice(0, 300) : '';
  const as = (c: ErrorCode, status: 502 | 422, text: string): AppError => new AppError(status, c, `${text}${reply ? ` (${reply})` : ''}`);
  if (code === 'EAUTH' || code === 'ENOAUTH') return as(ERROR_CODES.MAIL_AUTH_FAILED, 502, 'The SMTP server refused the user name and password. Nothing was sent.');
  if (code === 'EENVELOPE' || (typeof e.command === 'string' && /^RCPT/i.test(e.command))) {
    const rejected = Array.isArray(e.rejected) ? (e.rejected as unknown[]).filter((x): x is string => typeof x === 'string') : [];
    const err422 = new AppError(422, ERROR_CODES.MAIL_RECIPIENT_REFUSED, `The SMTP server refused ${rejected.length ? rejected.join(', ') : 'the recipients'}. Nothing was sent.${reply ? ` (${reply})` : ''}`, undefined, rejected.length ? { detail: rejected.join(', ') } : undefined);
    return err422;
  }
  if (['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'ECONNREFUSED', 'EPROTOCOL', 'EHOSTUNREACH'].includes(code))
    return as(ERROR_CODES.MAIL_SERVER_UNREACHABLE, 502, 'The SMTP server could not be reached. Nothing was sent.');
  return as(ERROR_CODES.MAIL_REFUSED, 502, 'The SMTP server refused the message. Nothing was sent.');
}


export class Mailer {
  private readonly customs: CustomRecords;

  constructor(
    private readonly services: Services,
    private readonly records: OnlineRecords,
  ) {
    this.customs = new CustomRecords(records);
  }

  /**
   * Documents already filed, to attach: each one the caller may see (else refused, naming it, before anything is sent)
   * and whose stored bytes still match their SHA-256 (`content`); together at most `MAIL_LIMITS.documentBytes`.
   */
  private async filedDocuments(caller: Caller, ids: readonly string[]): Promise<{ name: string; contentType: string; content: Buffer }[]> {
    const docs = this.services.documents!;
    const out: { name: string; contentType: string; content: Buffer }[] = [];
    let total = 0;
    for (const id of ids) {
      const missing = (err: unknown): never => {
        if (err instanceof AppError && err.status === 404) throw bad('A document to attach is not there, or not yours to see.', [{ field: 'documentIds', code: FIELD_CODES.NOT_IN_LIST, detail: id }]);
        throw err;
      };
      // Its size first: nothing is read once the total would pass the limit.
      const { row } = await docs.load(caller.user, caller.rights, id).catch(missing);
      total += row.size;
      if (total > MAIL_LIMITS.documentBytes) throw bad('The documents to attach are too large together.', [{ field: 'documentIds', code: FIELD_CODES.OUT_OF_RANGE, detail: MAIL_LIMITS.documentBytes }]);
      const { body } = await docs.content(row);
      const content = body instanceof Uint8Array ? Buffer.from(body) : Buffer.from(await new Response(body).arrayBuffer());
      out.push({ name: row.name, contentType: row.contentType, content });
    }
    return out;
  }

  async send(caller: Caller, body: unknown): Promise<MailSent> {
    const docs = this.services.documents;
    if (!docs) throw new AppError(409, ERROR_CODES.MAIL_NOT_CONFIGURED, 'This server keeps no documents, so a sent e-mail could not be filed.');
    const m = readOutgoing(body);
    // The record must be the caller's to view (else it is not theirs to know of) and to file on (edit).
    const record = customEntity(m.entity) ? await this.customs.get(caller, m.entity, m.recordId) : await this.records.get(caller, m.entity as EntityName, m.recordId);
    const target = mailFiledOn(m.entity, record as unknown as { id: string } & Record<string, unknown>);
    if (!target) throw new AppError(422, ERROR_CODES.MAIL_SENT_NOT_FILED, 'This record has no company or person to file the e-mail with: set one first. Nothing was sent.');
    await docs.target(caller.rights, target.entity, target.id);
    // Attachments the document settings would refuse are refused before anything is sent, so what is sent is filed.
    const settings = await docs.settings();
    const files: { name: string; contentType: string; content: Buffer }[] = m.attachments.map((a, i) => ({ name: cleanFileName(a.name) || `attachment-${i + 1}`, contentType: a.contentType.slice(0, 100), content: Buffer.from(a.content, 'base64') }));
    files.push(...(await this.filedDocuments(caller, m.documentIds ?? [])));
    const refused = files.map((f) => ({ f, problem: uploadProblem({ name: f.name, size: f.content.byteLength }, settings) })).filter((x) => x.problem);
    if (refused.length) throw bad('Some attachments cannot be filed with the record.', refused.map((x) => ({ field: 'attachments', code: FIELD_CODES.OUT_OF_RANGE, detail: `${x.f.name}: ${x.problem}` })));

    const smtp = await smtpConfig(this.services);
    const from = smtp.fromName ? { name: smtp.fromName, address: smtp.fromAddress } : smtp.fromAddress;
    const messageId = `<${randomUUID()}@${smtp.fromAddress.split('@')[1] ?? 'fieldcrm.invalid'}>`;
    // The message is built once: the bytes sent are the bytes filed.
    const raw = await new MailComposer({
      from,
      to: m.to,
      cc: m.cc,
      subject: m.subject,
      html: m.html,
      messageId,
      date: new Date(caller.now),
      headers: { 'X-FieldCRM-Record': `${m.entity}/${m.recordId}` },
      attachments: files.map((f) => ({ filename: f.name, content: f.content, contentType: f.contentType })),
      disableFileAccess: true,
      disableUrlAccess: true,
    })
      .compile()
      .build();
    const transport = transportFor(smtp);
    let accepted: string[];
    try {
      const info = await transport.sendMail({ envelope: { from: smtp.fromAddress, to: [...m.to, ...m.cc] }, raw });
      accepted = ((info.accepted ?? []) as unknown[]).map((a) => (typeof a === 'string' ? a : String((a as { address?: unknown }).address ?? '')));
    } catch (err) {
      throw smtpFailure(err);
    } finally {
      transport.close();
    }

    // Sent: file the very message on the record, through the same path as an e-mail dropped on it.
    const name = `${(cleanFileName(m.subject) || 'e-mail').slice(0, 150)}.eml`;
    try {
      const filed = await docs.fileEmail(caller.user, caller.rights, {
        entity: target.entity,
        recordId: target.id,
        name,
        claimedType: 'message/rfc822',
        body: new Blob([new Uint8Array(raw)]).stream(),
        length: raw.byteLength,
      }, { sent: true, ...(target.regardingId ? { regardingId: target.regardingId } : {}) });
      return { messageId, communicationId: filed.communicationId, accepted, documents: filed.documents.map((d) => ({ id: d.id, name: d.name })) };
    } catch (err) {
      const why = err instanceof AppError ? `${err.code}: ${err.message}` : 'the server failed';
      throw new AppError(500, ERROR_CODES.MAIL_SENT_NOT_FILED, `The e-mail was sent but could not be filed on the record (${why}).`, undefined, { detail: messageId });
    }
  }
}

