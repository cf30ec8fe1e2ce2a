// Certificate stores on this server: folders of PEM or PFX files. Each certificate found is a candidate, suitable
// or refused for a stated reason (no private key, no code-signing usage, not valid now, wrong .pfx password…).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import forge from 'node-forge';
import { ERROR_CODES } from '../../../shared/errors.ts';
import type { Refusal, StoreName } from '../../../shared/installer.ts';
import { OID } from './asn1.ts';
import { certificateDer } from './make-certificate.ts';

/** Searched in this order, as Windows searches "Personal" then "Trusted Root Certification Authorities". */
export const STORE_NAMES = ['personal', 'root'] as const satisfies readonly StoreName[];
export type { Refusal, StoreName };

export interface Candidate {
  store: StoreName;
  file: string;
  subject: string;
  issuer: string;
  /** SHA-1 of the DER certificate, upper-case hex: what Windows calls the thumbprint. */
  thumbprint: string;
  sha256: string;
  notBefore: string;
  notAfter: string;
  codeSigning: boolean;
  hasKey: boolean;
  /** Why this one cannot sign; absent when it can (checked against the clock when listed). */
  refusal?: Refusal;
  /** The DER certificates, signing one first; and its key. Never sent to a client. */
  chain: Buffer[];
  key?: forge.pki.rsa.PrivateKey;
}

const CERT_FILES = new Set(['.pem', '.crt', '.cer', '.der', '.pfx', '.p12']);

export const normaliseThumbprint = (t: string): string => t.replace(/[^0-9a-fA-F]/g, '').toUpperCase();

const nameOf = (n: forge.pki.Certificate['subject']): string => n.attributes.map((a) => `${a.shortName ?? a.name}=${String(a.value)}`).join(', ');

function hasCodeSigning(cert: forge.pki.Certificate): boolean {
  const eku = cert.getExtension('extKeyUsage') as Record<string, unknown> | null;
  return !!eku && (eku.codeSigning === true || eku[OID.codeSigning] === true);
}

const sameKey = (cert: forge.pki.Certificate, key: forge.pki.rsa.PrivateKey): boolean => {
  const pub = cert.publicKey as forge.pki.rsa.PublicKey;
  return pub.n !== undefined && pub.n.equals(key.n);
};

type FileContents = { certs: forge.pki.Certificate[]; keys: forge.pki.rsa.PrivateKey[] } | Refusal;

/** Opening a .pfx costs tens of milliseconds of key derivation: files are read again only when they change. */
const cache = new Map<string, { stamp: string; contents: FileContents }>();

function readCached(path: string, password: string): FileContents {
  const st = statSync(path);
  const stamp = `${st.mtimeMs}:${st.size}:${createHash('sha256').update(password).digest('hex')}`;
  const hit = cache.get(path);
  if (hit?.stamp === stamp) return hit.contents;
  const contents = readFile(path, password);
  cache.set(path, { stamp, contents });
  return contents;
}

/** Certificates and RSA keys in one file, or the reason it cannot be read. */
function readFile(path: string, password: string): FileContents {
  const bytes = readFileSync(path);
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.pfx' || ext === '.p12') {
      let p12: forge.pkcs12.Pkcs12Pfx;
      try {
        p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), password);
      } catch (err) {
        if (/password|MAC could not be verified/i.test((err as Error).message)) {
          return { code: ERROR_CODES.INSTALLER_PFX_PASSWORD, message: 'The .pfx password is wrong (CERT_STORE_PASSWORD).' };
        }
        throw err;
      }
      const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
      const certs = bags(forge.pki.oids.certBag as string).flatMap((b) => (b.cert ? [b.cert] : []));
      const keys = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag as string), ...bags(forge.pki.oids.keyBag as string)].flatMap((b) => (b.key ? [b.key as forge.pki.rsa.PrivateKey] : []));
      return { certs, keys };
    }
    const text = bytes.toString('latin1');
    if (!text.includes('-----BEGIN')) return { certs: [forge.pki.certificateFromAsn1(forge.asn1.fromDer(text))], keys: [] };
    const certs: forge.pki.Certificate[] = [];
    const keys: forge.pki.rsa.PrivateKey[] = [];
    for (const block of text.match(/-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g) ?? []) {
      if (block.includes('BEGIN CERTIFICATE')) certs.push(forge.pki.certificateFromPem(block));
      else if (block.includes('BEGIN ENCRYPTED PRIVATE KEY')) {
        const key = forge.pki.decryptRsaPrivateKey(block, password);
        if (!key) return { code: ERROR_CODES.INSTALLER_PFX_PASSWORD, message: 'The private key password is wrong (CERT_STORE_PASSWORD).' };
        keys.push(key);
      } else if (block.includes('PRIVATE KEY')) keys.push(forge.pki.privateKeyFromPem(block) as forge.pki.rsa.PrivateKey);
    }
    return { certs, keys };
  } catch (err) {
    return { code: ERROR_CODES.INSTALLER_CERT_UNREADABLE, message: `Not a readable RSA certificate: ${(err as Error).message}` };
  }
}

/** Why a certificate cannot sign at `now`, or undefined when it can. */
export function refusalOf(c: Pick<Candidate, 'hasKey' | 'codeSigning' | 'notBefore' | 'notAfter'>, now: Date): Refusal | undefined {
  if (!c.hasKey) return { code: ERROR_CODES.INSTALLER_NO_PRIVATE_KEY, message: 'No private key goes with this certificate.' };
  if (!c.codeSigning) return { code: ERROR_CODES.INSTALLER_NOT_CODE_SIGNING, message: 'The certificate does not allow code signing (extended key usage).' };
  if (Date.parse(c.notAfter) <= now.getTime()) return { code: ERROR_CODES.INSTALLER_CERT_EXPIRED, message: `The certificate expired on ${c.notAfter}.` };
  if (Date.parse(c.notBefore) > now.getTime()) return { code: ERROR_CODES.INSTALLER_CERT_NOT_YET_VALID, message: `The certificate is valid only from ${c.notBefore}.` };
  return undefined;
}

/** Every certificate of one store folder, in file name order; a missing folder is an empty store. */
export function readStore(store: StoreName, dir: string, password: string, now: Date): Candidate[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => CERT_FILES.has(extname(f).toLowerCase()) && statSync(join(dir, f)).isFile()).sort();
  } catch {
    return [];
  }
  return files.flatMap((file): Candidate[] => {
    const read = readCached(join(dir, file), password);
    if ('code' in read) return [{ store, file, subject: '', issuer: '', thumbprint: '', sha256: '', notBefore: '', notAfter: '', codeSigning: false, hasKey: false, refusal: read, chain: [] }];
    const ders = read.certs.map(certificateDer);
    return read.certs.map((cert, i) => {
      const der = ders[i] as Buffer;
      const key = read.keys.find((k) => sameKey(cert, k));
      const c: Candidate = {
        store,
        file,
        subject: nameOf(cert.subject),
        issuer: nameOf(cert.issuer),
        thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
        sha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
        notBefore: cert.validity.notBefore.toISOString(),
        notAfter: cert.validity.notAfter.toISOString(),
        codeSigning: hasCodeSigning(cert),
        hasKey: key !== undefined,
        chain: [der, ...ders.filter((_, j) => j !== i)],
      };
      if (key) c.key = key;
      const refusal = refusalOf(c, now);
      if (refusal) c.refusal = refusal;
      return c;
    });
  });
}

export interface Selection {
  chosen: Candidate | null;
  /** Why nothing was chosen. */
  error?: Refusal;
}

/**
 * With a thumbprint (SHA-1, or SHA-256), that certificate or the reason it cannot sign. Without one, the first store
 * with a suitable certificate, and in it the one valid longest (then by file name).
 */
export function selectCertificate(candidates: Candidate[], thumbprint: string | null): Selection {
  if (thumbprint) {
    const want = normaliseThumbprint(thumbprint);
    const matches = candidates.filter((c) => c.thumbprint !== '' && (c.thumbprint === want || c.sha256 === want));
    const usable = matches.find((c) => !c.refusal);
    if (usable) return { chosen: usable };
    const best = matches.find((c) => c.hasKey) ?? matches[0];
    if (best?.refusal) return { chosen: null, error: best.refusal };
    return { chosen: null, error: { code: ERROR_CODES.INSTALLER_THUMBPRINT_NOT_FOUND, message: `No certificate with thumbprint ${want} in the certificate stores.` } };
  }
  for (const store of STORE_NAMES) {
    const suitable = candidates.filter((c) => c.store === store && !c.refusal).sort((a, b) => b.notAfter.localeCompare(a.notAfter) || a.file.localeCompare(b.file));
    if (suitable[0]) return { chosen: suitable[0] };
  }
  return { chosen: null, error: { code: ERROR_CODES.INSTALLER_NO_CERTIFICATE, message: 'No certificate in the stores can sign code: see the reasons given for each.' } };
}
