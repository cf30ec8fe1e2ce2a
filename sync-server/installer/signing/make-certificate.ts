// Makes self-signed code-signing certificates with node-forge: the demo certificate, and variants for the tests.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { OID } from './asn1.ts';

export interface CertificateOptions {
  commonName: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Extended key usages (OIDs); code signing by default. An empty list writes no extension at all. */
  extendedKeyUsage?: string[];
  /** Sign with this issuer instead of self-signing. */
  issuer?: { certificate: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
}

export interface MadeCertificate {
  certificate: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const EKU = { codeSigning: OID.codeSigning, serverAuth: SERVER_AUTH } as const;

export function makeCertificate(options: CertificateOptions): MadeCertificate {
  // Node's key generation (OpenSSL) is far faster than forge's pure-JS one; forge does the rest.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.rsa.setPublicKey(key.n, key.e);
  // A positive serial number: the high bit of the first byte clear.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  const now = Date.now();
  cert.validity.notBefore = options.notBefore ?? new Date(now - 24 * 3600_000);
  cert.validity.notAfter = options.notAfter ?? new Date(now + 10 * 365 * 24 * 3600_000);
  const subject = [{ name: 'commonName', value: options.commonName }, { name: 'organizationName', value: 'FieldCRM' }];
  cert.setSubject(subject);
  cert.setIssuer(options.issuer ? options.issuer.certificate.subject.attributes : subject);
  const eku = options.extendedKeyUsage ?? [OID.codeSigning];
  const extensions: object[] = [
    { name: 'basicConstraints', cA: !options.issuer, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyCertSign: !options.issuer, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  // forge names known usages (codeSigning, serverAuth…) and takes unknown ones by OID.
  if (eku.length) extensions.push({ name: 'extKeyUsage', ...Object.fromEntries(eku.map((o) => [(forge.pki.oids[o] as string | undefined) ?? o, true])) });
  cert.setExtensions(extensions);
  cert.sign(options.issuer?.key ?? key, forge.md.sha256.create());
  return { certificate: cert, key };
}

export const certificateDer = (cert: forge.pki.Certificate): Buffer => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');

/** A password-protected .pfx (PKCS#12) with the key and certificate; 3DES, which every Windows version imports. */
export function toPfx(made: MadeCertificate, password: string, friendlyName = made.certificate.subject.getField('CN')?.value as string | undefined): Buffer {
  const p12 = forge.pkcs12.toPkcs12Asn1(made.key, [made.certificate], password, { algorithm: '3des', friendlyName, generateLocalKeyId: true });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}
