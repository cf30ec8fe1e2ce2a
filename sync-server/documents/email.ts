// E-mails saved from mail programs: .eml read with mailparser, Outlook's .msg with @kenjiuno/msgreader (docs/decisions/0013),
// and the e-mail communication a message becomes (sender, recipients, date, subject and body).
import MsgReaderModule from '@kenjiuno/msgreader';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { entityDef } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { hasLoneSurrogate, isValidEmail } from '../../shared/validation.ts';
import { AppError } from '../errors.ts';

export interface Mailbox {
  name: string;
  address: string;
}

export interface MessageAttachment {
  name: string;
  /** The type the message declares for it (the server still checks the content). */
  contentType: string;
  content: Uint8Array;
}

/** A message as FieldCRM files it. */
export interface ParsedMessage {
  from: Mailbox | null;
  to: Mailbox[];
  cc: Mailbox[];
  /** ISO 8601 instant, or null when the message has no readable date. */
  date: string | null;
  subject: string;
  /** The Internet Message-ID as the message gives it (`<…@…>`), '' when it has none: a message is filed once by it. */
  messageId: string;
  /** The plain-text body (converted from HTML when the message has only HTML). */
  text: string;
  attachments: MessageAttachment[];
}

export const brokenEmail = (why: string): AppError => new AppError(422, ERROR_CODES.DOC_BAD_EMAIL, `This file cannot be read as an e-mail: ${why}.`);

const mailboxes = (a: AddressObject | AddressObject[] | undefined): Mailbox[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.flatMap((v) => (v.group ? v.group : [v]))).map((v) => ({ name: v.name ?? '', address: v.address ?? '' })).filter((m) => m.address || m.name);

/** A header line at the start: "Name: value" (RFC 5322 field names are printable ASCII without ':'). */
const STARTS_WITH_HEADER = /^\s*[\x21-\x39\x3b-\x7e]+[ \t]*:/;

/** Reads an .eml (RFC 5322) message. A file that is not one (no header at its start, nothing a message has) is refused. */
export async function parseEml(bytes: Uint8Array): Promise<ParsedMessage> {
  const head = Buffer.from(bytes.subarray(0, 1000)).toString('latin1');
  if (!STARTS_WITH_HEADER.test(head)) throw brokenEmail('it does not start with mail headers');
  let mail: ParsedMail;
  try {
    mail = await simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  } catch {
    throw brokenEmail('it is damaged or cut short');
  }
  const from = mailboxes(mail.from)[0] ?? null;
  const to = mailboxes(mail.to);
  if (!from && to.length === 0 && !mail.date && !mail.subject && !mail.messageId) throw brokenEmail('it has no sender, recipient, date or subject');
  let text = mail.text ?? '';
  // mailparser turns HTML into text only when it is the message's body; an HTML part beside attachments is given back
  // as a message of its own, so the same converter reads it.
  if (!text.trim() && typeof mail.html === 'string' && mail.html) text = (await simpleParser(`Content-Type: text/html; charset=utf-8\r\n\r\n${mail.html}`)).text ?? '';
  return {
    from,
    to,
    cc: mailboxes(mail.cc),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    subject: mail.subject ?? '',
    messageId: mail.messageId ?? '',
    text,
    // Parts the HTML shows inline (signature logos) belong to the body, not to the files the sender attached.
    attachments: mail.attachments.filter((a) => !a.related).map((a, i) => ({ name: a.filename ?? `attachment-${i + 1}`, contentType: a.contentType, content: new Uint8Array(a.content) })),
  };
}

/** The shapes of @kenjiuno/msgreader we read (its own types describe every MAPI property). */
interface MsgFields {
  dataType?: string | null;
  error?: string;
  subject?: string;
  senderName?: string;
  senderEmail?: string;
  senderSmtpAddress?: string;
  body?: string;
  messageDeliveryTime?: string;
  clientSubmitTime?: string;
  creationTime?: string;
  recipients?: { name?: string; email?: string; smtpAddress?: string; recipType?: string }[];
  attachments?: MsgFields[];
  fileName?: string;
  fileNameShort?: string;
  attachMimeTag?: string;
  innerMsgContent?: boolean;
  messageId?: string;
}
interface MsgReaderLike {
  getFileData(): MsgFields;
  getAttachment(attach: MsgFields): { fileName: string; content: Uint8Array };
}
// A CommonJS module compiled from TypeScript: its class is the `default` export, which Node's ESM loader nests one level down.
const MsgReader = ((MsgReaderModule as unknown as { default?: unknown }).default ?? MsgReaderModule) as new (bytes: ArrayBufferLike | Uint8Array) => MsgReaderLike;

/** The compound-file signature every .msg starts with. */
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const instant = (text: string | undefined): string | null => {
  const t = text ? Date.parse(text) : NaN;
  return Number.isNaN(t) ? null : new Date(t).toISOString();
};

/** Reads an Outlook .msg message. Anything else (another compound file, a damaged one) is refused. */
export function parseMsg(bytes: Uint8Array): ParsedMessage {
  if (bytes.length < 512 || CFB_SIGNATURE.some((b, i) => bytes[i] !== b)) throw brokenEmail('it is not an Outlook message file');
  let reader: MsgReaderLike;
  let data: MsgFields;
  try {
    // An exact ArrayBuffer: msgreader honours a view's offset but not its length, so a view of a larger buffer
    // (a Node Buffer from the pool, a slice) would let it read bytes past the end of this file.
    reader = new MsgReader(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    data = reader.getFileData();
  } catch {
    // The library's own words name its internals ("reading 'type'"), which tell the user nothing.
    throw brokenEmail('it is damaged or cut short');
  }
  if (data.error || data.dataType !== 'msg') throw brokenEmail(data.error ?? 'it is not an Outlook message');
  const address = (r: { email?: string; smtpAddress?: string }): string => [r.smtpAddress, r.email].find((a) => typeof a === 'string' && a.includes('@')) ?? '';
  const recipients = (kind: string): Mailbox[] => (data.recipients ?? []).filter((r) => (r.recipType ?? 'to') === kind).map((r) => ({ name: r.name ?? '', address: address(r) }));
  const sender = address({ email: data.senderEmail ?? '', smtpAddress: data.senderSmtpAddress ?? '' });
  const attachments: MessageAttachment[] = [];
  for (const [i, a] of (data.attachments ?? []).entries()) {
    // A message attached to the message has no bytes of its own here: it is kept inside the original .msg, filed too.
    if (a.innerMsgContent) continue;
    try {
      const got = reader.getAttachment(a);
      if (got.content?.length) attachments.push({ name: a.fileName || a.fileNameShort || got.fileName || `attachment-${i + 1}`, contentType: a.attachMimeTag ?? '', content: got.content });
    } catch {
      // An attachment that cannot be read is left in the original message file.
    }
  }
  const from = sender || data.senderName ? { name: data.senderName ?? '', address: sender } : null;
  if (!from && !data.subject && !(data.recipients ?? []).length && !data.body) throw brokenEmail('it has no sender, recipient, subject or body');
  return {
    from,
    to: recipients('to'),
    cc: recipients('cc'),
    date: instant(data.messageDeliveryTime) ?? instant(data.clientSubmitTime) ?? instant(data.creationTime),
    subject: data.subject ?? '',
    messageId: data.messageId ?? '',
    text: data.body ?? '',
    attachments,
  };
}

/** Control characters other than tab and new line, and lone surrogates, would make the record invalid: dropped. */
function clean(text: string): string {
  const out = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return hasLoneSurrogate(out) ? out.replace(/[\ud800-\udfff]/g, '\ufffd') : out;
}

const who = (m: Mailbox): string => (m.name && m.address && m.name !== m.address ? `${m.name} <${m.address}>` : m.address || m.name);

/** Cuts text to `max` characters, ending with `…` when cut. */
const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export interface CommunicationContext {
  /** The time zone the user works in (a communication keeps one). */
  timeZone: string;
  companyId: string;
  personId: string;
  /** When the message has no readable date. */
  now: string;
  /** Where the whole message is kept, named in the details when the body had to be cut. */
  originalName: string;
}

/**
 * The fields of the e-mail communication a message becomes: its subject, its date as the start, the sender's address
 * as the contact e-mail, and details holding the sender, recipients, date and body (cut to the field's length, the
 * whole message staying in the filed original). Not on anyone's calendar: an e-mail is no appointment.
 */
export function communicationFields(msg: ParsedMessage, ctx: CommunicationContext): Record<string, unknown> {
  const fields = entityDef('communication').fields;
  const max = (k: string): number => {
    const f = fields[k];
    return f && (f.kind === 'text' || f.kind === 'longtext') ? f.maxLength : 200;
  };
  const header = [
    msg.from ? `From: ${who(msg.from)}` : '',
    msg.to.length ? `To: ${msg.to.map(who).join(', ')}` : '',
    msg.cc.length ? `Cc: ${msg.cc.map(who).join(', ')}` : '',
    msg.date ? `Date: ${msg.date}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const body = clean(msg.text).trim();
  const whole = `${clean(header)}\n\n${body}`.trim();
  const room = max('details');
  const details = whole.length <= room ? whole : `${whole.slice(0, room - ctx.originalName.length - 40).trimEnd()}…\n\n[${cut(ctx.originalName, 200)}]`;
  const sender = msg.from?.address ?? '';
  return {
    kind: 'email',
    subject: cut(clean(msg.subject).replace(/\s+/g, ' ').trim(), max('subject')) || '(no subject)',
    startsAt: msg.date ?? ctx.now,
    endsAt: '',
    timeZone: ctx.timeZone,
    allDay: false,
    status: 'complete',
    companyId: ctx.companyId,
    personId: ctx.personId,
    ownerId: '',
    email: isValidEmail(sender) ? sender : '',
    details: cut(details, room),
  };
}
