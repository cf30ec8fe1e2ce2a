// The open message as the task pane reads it from Office.js (Office.context.mailbox.item), and the message as an .eml
// file to file: the host's own copy (getAsFileAsync, Mailbox 1.14), else one composed from its parts (Mailbox 1.8).
import type { OutlookLookup, OutlookRole } from '../../../../shared/outlook.ts';

/** The parts of Office.js the pane uses (typed here: the npm package ships no types). */
interface AsyncResult<T> {
  status: 'succeeded' | 'failed';
  value: T;
  error?: { message: string };
}
type Callback<T> = (r: AsyncResult<T>) => void;
interface EmailAddressDetails {
  emailAddress: string;
  displayName: string;
}
interface AttachmentDetails {
  id: string;
  name: string;
  contentType: string;
  isInline: boolean;
  attachmentType: string;
}
export interface OfficeMessageItem {
  itemType?: string;
  internetMessageId?: string;
  subject?: string;
  dateTimeCreated?: Date;
  from?: EmailAddressDetails;
  to?: EmailAddressDetails[];
  cc?: EmailAddressDetails[];
  attachments?: AttachmentDetails[];
  body?: { getAsync(type: 'text' | 'html', cb: Callback<string>): void };
  getAsFileAsync?(cb: Callback<string>): void;
  getAttachmentContentAsync?(id: string, cb: Callback<{ format: string; content: string }>): void;
}
export interface OfficeGlobal {
  onReady(cb?: (info: { host: string | null; platform: string | null }) => void): Promise<{ host: string | null; platform: string | null }>;
  context?: { displayLanguage?: string; mailbox?: { item?: OfficeMessageItem | null; addHandlerAsync?(type: string, handler: () => void, cb?: Callback<void>): void } };
}

export const officeGlobal = (): OfficeGlobal | undefined => (globalThis as { Office?: OfficeGlobal }).Office;

/** What the pane needs of the open message. */
export interface OpenMessage {
  messageId: string;
  subject: string;
  people: OutlookLookup['people'];
  attachmentCount: number;
  /** The message as an .eml file, with its attachments. */
  eml(): Promise<Blob>;
}

const promised = <T>(run: (cb: Callback<T>) => void): Promise<T> =>
  new Promise((resolve, reject) => run((r) => (r.status === 'succeeded' ? resolve(r.value) : reject(new Error(r.error?.message ?? 'Outlook refused')))));

const person = (a: EmailAddressDetails | undefined, role: OutlookRole) => (a?.emailAddress ? [{ address: a.emailAddress, name: a.displayName ?? '', role }] : []);

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The open message, or null when the pane is not shown on a message (no Outlook, or an item that is no message). */
export function openMessage(office = officeGlobal()): OpenMessage | null {
  const item = office?.context?.mailbox?.item;
  if (!item || (item.itemType !== undefined && item.itemType !== 'message')) return null;
  const people = [...person(item.from, 'from'), ...(item.to ?? []).flatMap((a) => person(a, 'to')), ...(item.cc ?? []).flatMap((a) => person(a, 'cc'))].slice(0, 50);
  const files = (item.attachments ?? []).filter((a) => !a.isInline && a.attachmentType === 'file');
  return {
    messageId: item.internetMessageId ?? '',
    subject: item.subject ?? '',
    people,
    attachmentCount: files.length,
    async eml() {
      if (item.getAsFileAsync) return new Blob([base64ToBytes(await promised<string>((cb) => item.getAsFileAsync?.(cb)))], { type: 'message/rfc822' });
      return new Blob([await composeEml(item, files)], { type: 'message/rfc822' });
    },
  };
}

const encodeWord = (text: string): string => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${btoa(unescape(encodeURIComponent(text)))}?=`);
const mailbox = (a: EmailAddressDetails): string => (a.displayName && a.displayName !== a.emailAddress ? `"${encodeWord(a.displayName.replace(/"/g, "'"))}" <${a.emailAddress}>` : `<${a.emailAddress}>`);
const wrap = (b64: string): string => b64.replace(/.{1,76}/g, '$&\r\n');

/** An RFC 5322 message from the item's headers, text body and file attachments, for hosts without getAsFileAsync. */
async function composeEml(item: OfficeMessageItem, files: AttachmentDetails[]): Promise<string> {
  const text = item.body ? await promised<string>((cb) => item.body?.getAsync('text', cb)) : '';
  const boundary = `fieldcrm-${Math.random().toString(36).slice(2)}`;
  const head = [
    item.from ? `From: ${mailbox(item.from)}` : '',
    item.to?.length ? `To: ${item.to.map(mailbox).join(', ')}` : '',
    item.cc?.length ? `Cc: ${item.cc.map(mailbox).join(', ')}` : '',
    `Subject: ${encodeWord(item.subject ?? '')}`,
    item.dateTimeCreated ? `Date: ${item.dateTimeCreated.toUTCString()}` : '',
    item.internetMessageId ? `Message-ID: ${item.internetMessageId}` : '',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ].filter(Boolean);
  const parts = [`--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap(btoa(unescape(encodeURIComponent(text))))}`];
  for (const f of files) {
    if (!item.getAttachmentContentAsync) break;
    const content = await promised<{ format: string; content: string }>((cb) => item.getAttachmentContentAsync?.(f.id, cb));
    if (content.format !== 'base64') continue;
    parts.push(`--${boundary}\r\nContent-Type: ${f.contentType || 'application/octet-stream'}; name="${encodeWord(f.name)}"\r\nContent-Disposition: attachment; filename="${encodeWord(f.name)}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap(content.content)}`);
  }
  return `${head.join('\r\n')}\r\n\r\n${parts.join('\r\n')}\r\n--${boundary}--\r\n`;
}
