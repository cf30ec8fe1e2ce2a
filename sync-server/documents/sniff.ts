// Judges a received file by its content (magic bytes, read by `file-type`) against the name and type it claims, and
// picks the type it is served with: never one a browser would run or render as a page.
import { fileTypeFromFile, supportedMimeTypes } from 'file-type';
import { extensionOf, type DocumentSettings } from '../../shared/documents.ts';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors.ts';

export interface Detected {
  ext: string;
  mime: string;
}

export type Judgement = { ok: true; contentType: string } | { ok: false; code: ErrorCode; detail: string };

/** Names that are one format (file-type reports the first of each). */
const ALIASES: readonly (readonly string[])[] = [
  ['jpg', 'jpeg', 'jpe', 'jfif'],
  ['tif', 'tiff'],
  ['png', 'apng'],
  ['heic', 'heif'],
  ['mp4', 'm4v', 'm4a', 'm4b', 'm4p', 'mov', '3gp', '3g2', 'f4v', 'f4a', 'f4b', 'f4p'],
  ['ogg', 'oga', 'ogv', 'ogx', 'ogm', 'opus', 'spx'],
  ['mkv', 'webm'],
  ['mpg', 'mpeg', 'mpe'],
  ['gz', 'tgz', 'tar.gz'],
  ['exe', 'dll', 'scr', 'cpl', 'sys', 'ocx', 'com', 'efi'],
  ['xml', 'svg', 'xsd', 'xsl', 'xslt', 'kml', 'gpx', 'rss', 'atom', 'xhtml', 'plist', 'resx', 'wsdl'],
  ['pdf', 'ai'],
  ['ps', 'eps'],
  ['ttf', 'otf', 'ttc'],
  ['aif', 'aiff', 'aifc'],
];

/** The declared types of the containers. */
const CONTAINER_TYPES: Record<string, string> = { 'application/zip': 'zip', 'application/x-cfb': 'cfb' };

/** Formats stored inside a generic container: file-type may report only the container. */
const CONTAINERS: Record<string, readonly string[]> = {
  zip: ['docx', 'docm', 'dotx', 'dotm', 'xlsx', 'xlsm', 'xltx', 'xltm', 'pptx', 'pptm', 'potx', 'potm', 'ppsx', 'ppsm', 'odt', 'ott', 'ods', 'ots', 'odp', 'otp', 'odg', 'otg', 'epub', 'jar', 'apk', 'xpi', 'vsdx', '3mf', 'kmz', 'xps', 'oxps', 'ipa'],
  cfb: ['doc', 'dot', 'xls', 'xlt', 'ppt', 'pps', 'pot', 'msg', 'oft', 'msi', 'pub', 'vsd', 'mpp'],
};

/**
 * Extensions of binary formats whose content always carries a signature file-type reads: a file named so whose
 * content shows none is not what it claims. Text formats are not here (a plain XML file may have no declaration).
 */
const SIGNED = new Set([
  'pdf', 'png', 'apng', 'jpg', 'jpeg', 'jpe', 'jfif', 'gif', 'webp', 'bmp', 'tif', 'tiff', 'ico', 'heic', 'heif', 'avif', 'psd',
  'zip', 'rar', '7z', 'gz', 'tgz', 'bz2', 'xz', 'epub', 'rtf', 'sqlite',
  ...(CONTAINERS.zip ?? []), ...(CONTAINERS.cfb ?? []),
  'mp4', 'm4a', 'm4v', 'mov', 'avi', 'mkv', 'webm', 'wav', 'flac', 'ogg', 'oga', 'ogv', 'opus',
]);

/** Text formats (no signature): what they are served as. Anything not named here goes out as application/octet-stream. */
const TEXT_TYPES: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  md: 'text/markdown',
  json: 'application/json',
  eml: 'message/rfc822',
  ics: 'text/calendar',
  vcf: 'text/vcard',
};

/** A container's member served under its own type. */
const MEMBER_TYPES: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  msg: 'application/vnd.ms-outlook',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** Types a browser would run, or render as a page, were it to open them: served as plain bytes instead. */
const ACTIVE_TYPES = new Set(['text/html', 'application/xhtml+xml', 'image/svg+xml', 'application/xml', 'text/xml', 'application/javascript', 'text/javascript', 'application/x-shockwave-flash', 'application/wasm']);

/** Declared types that say nothing (browsers send these, or nothing, for unknown files). */
const GENERIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/x-unknown', 'application/unknown', 'application/x-download', 'application/force-download']);

/** Declared types browsers and mail programs use for what file-type calls otherwise. */
const MIME_ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'application/x-pdf': 'application/pdf',
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/mp3': 'audio/mpeg',
  'image/x-ms-bmp': 'image/bmp',
  'application/x-gzip': 'application/gzip',
  'application/x-7z-compressed': 'application/x-7z-compressed',
};

/** Declared types of text formats file-type may or may not recognise: their absence of a signature proves nothing. */
const TEXTUAL_MIMES = new Set(['application/xml', 'text/xml', 'text/calendar', 'text/vcard', 'text/vtt', 'application/rtf', 'text/rtf', 'application/postscript', 'application/pgp-encrypted', 'application/x-ms-regedit']);

const SUPPORTED_MIMES: ReadonlySet<string> = new Set(supportedMimeTypes);

function normaliseMime(raw: string): string {
  const m = raw.split(';')[0]?.trim().toLowerCase() ?? '';
  return MIME_ALIASES[m] ?? m;
}

function compatible(ext: string, detected: string): boolean {
  if (ext === detected) return true;
  if (ALIASES.some((g) => g.includes(ext) && g.includes(detected))) return true;
  if (CONTAINERS[detected]?.includes(ext)) return true;
  return ext === 'zip' && (CONTAINERS.zip ?? []).includes(detected);
}

/** Does the claimed extension name a format we know (so the content must agree with it)? */
const knownExtension = (ext: string): boolean => SIGNED.has(ext) || ext in TEXT_TYPES || ALIASES.some((g) => g.includes(ext)) || ext === 'cfb';

/**
 * The verdict on a file: refused (its content is of a refused type), not what it claims (name or declared type),
 * or accepted with the type it will be served as. Pure: `detected` is what file-type read from its first bytes.
 */
export function judge(name: string, claimedType: string, detected: Detected | undefined, settings: Pick<DocumentSettings, 'refusedExtensions'>): Judgement {
  const ext = extensionOf(name);
  const claimed = normaliseMime(claimedType);
  if (detected) {
    if (settings.refusedExtensions.includes(detected.ext)) return { ok: false, code: ERROR_CODES.DOC_TYPE_REFUSED, detail: `its content is a .${detected.ext} file` };
    if (ext && knownExtension(ext) && !compatible(ext, detected.ext)) return { ok: false, code: ERROR_CODES.DOC_CONTENT_MISMATCH, detail: `named .${ext}, its content is ${detected.mime}` };
    const container = detected.ext in CONTAINERS;
    // A member of a container declared as the container (a .docx sent as application/zip) is no contradiction.
    const declaredContainer = Object.entries(CONTAINER_TYPES).some(([mime, c]) => claimed === mime && (CONTAINERS[c] ?? []).includes(detected.ext));
    if (!container && !declaredContainer && !GENERIC_TYPES.has(claimed) && SUPPORTED_MIMES.has(claimed) && claimed !== normaliseMime(detected.mime))
      return { ok: false, code: ERROR_CODES.DOC_CONTENT_MISMATCH, detail: `declared ${claimed}, its content is ${detected.mime}` };
    const type = container ? (MEMBER_TYPES[ext] ?? detected.mime) : detected.mime;
    return { ok: true, contentType: ACTIVE_TYPES.has(type) ? 'application/octet-stream' : type };
  }
  if (ext && SIGNED.has(ext)) return { ok: false, code: ERROR_CODES.DOC_CONTENT_MISMATCH, detail: `named .${ext}, its content is not` };
  if (!GENERIC_TYPES.has(claimed) && SUPPORTED_MIMES.has(claimed) && !TEXTUAL_MIMES.has(claimed)) return { ok: false, code: ERROR_CODES.DOC_CONTENT_MISMATCH, detail: `declared ${claimed}, its content is not` };
  return { ok: true, contentType: TEXT_TYPES[ext] ?? 'application/octet-stream' };
}

/** What the file's first bytes say it is (file-type reads only what it needs), or undefined for text and unknown formats. */
export async function detect(path: string): Promise<Detected | undefined> {
  const found = await fileTypeFromFile(path);
  return found ? { ext: found.ext, mime: found.mime } : undefined;
}
