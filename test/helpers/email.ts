// Test files made on the spot: a real PNG, a real one-page PDF, and RFC 5322 messages (.eml) with MIME attachments.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid PNG of one colour (any image viewer opens it). */
export function png(width = 24, height = 16, rgb: [number, number, number] = [11, 99, 182]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, i) => rgb[i % 3]!)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

/** A one-page PDF saying `text` (Chromium's viewer renders it). */
export function pdf(text = 'FieldCRM test document'): Buffer {
  const stream = `BT /F1 18 Tf 20 100 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<</Type/Catalog/Pages 2 0 R>>',
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 400 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>',
    `<</Length ${stream.length}>>\nstream\n${stream}\nendstream`,
    '<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj${o}endobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export interface EmlPart {
  name: string;
  type: string;
  content: Buffer;
}

/** Folds base64 to 76-character lines, as MIME wants. */
const base64 = (b: Buffer): string => (b.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
/** RFC 2047 encoded-word for a header with non-ASCII text. */
const word = (s: string): string => (/^[\x20-\x7e]*$/.test(s) ? s : `=?utf-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`);

/**
 * An .eml message: headers, a text/plain and text/html alternative (or HTML only), and attachments, as mail programs
 * save them. Dates are RFC 5322 (`Tue, 03 Mar 2026 10:15:00 +0100`).
 */
export function eml(m: { from: string; to: string[]; cc?: string[]; subject: string; date: string; text?: string; html?: string; attachments?: EmlPart[] }): Buffer {
  const mixed = 'fc-mixed-7f3a';
  const alt = 'fc-alt-91bc';
  const lines = [
    `From: ${m.from}`,
    `To: ${m.to.join(', ')}`,
    ...(m.cc?.length ? [`Cc: ${m.cc.join(', ')}`] : []),
    `Subject: ${word(m.subject)}`,
    `Date: ${m.date}`,
    `Message-ID: <${Date.now().toString(36)}.${m.subject.length}@fieldcrm.test>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
    '',
    'This is a multi-part message in MIME format.',
    `--${mixed}`,
  ];
  const textPart = (type: string, body: string) => [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64(Buffer.from(body, 'utf8'))];
  if (m.text !== undefined && m.html !== undefined) {
    lines.push(`Content-Type: multipart/alternative; boundary="${alt}"`, '', `--${alt}`, ...textPart('text/plain', m.text), `--${alt}`, ...textPart('text/html', m.html), `--${alt}--`);
  } else if (m.html !== undefined) lines.push(...textPart('text/html', m.html));
  else lines.push(...textPart('text/plain', m.text ?? ''));
  for (const a of m.attachments ?? []) {
    lines.push(`--${mixed}`, `Content-Type: ${a.type}; name="${word(a.name)}"`, `Content-Disposition: attachment; filename="${word(a.name)}"`, 'Content-Transfer-Encoding: base64', '', base64(a.content));
  }
  lines.push(`--${mixed}--`, '');
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/** The executable header of a Windows program: enough for a content check to know one. */
export const EXE_BYTES = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(62), Buffer.from('PE\0\0', 'latin1'), Buffer.alloc(200, 0x90)]);
