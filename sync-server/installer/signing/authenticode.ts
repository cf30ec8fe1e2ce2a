// Authenticode for MSI packages: the digest of the package's streams, and the PKCS#7 SignedData that carries it,
// built with forge.asn1 (forge's pkcs7 module writes SpcStatementType and SpcSpOpusInfo wrongly and leaves
// attributes unsorted). The result is the `\u0005DigitalSignature` stream.
import { createHash } from 'node:crypto';
import type { CompoundFile } from '../msi/cfb.ts';
import { SIGNATURE_STREAMS } from '../msi/package.ts';
import { contents, der, explicit, fromDer, implicitBytes, implicitSet, int, nul, octets, oid, OID, seq, set, sortedSet, type Node } from './asn1.ts';
import type { Signer } from './signer.ts';

/** The class id of the MSI subject interface package, as SpcSipInfo carries it. */
const MSI_SIP = Buffer.from('f1100c0000000000c000000000000046', 'hex');

/**
 * SHA-256 over every root stream but the signature streams, in order of their raw UTF-16LE names (terminator
 * included, as Windows and osslsigncode compare them), then the root storage's class id.
 */
export function msiDigest(cf: CompoundFile): Buffer {
  const raw = (name: string): Buffer => Buffer.from(`${name}\0`, 'utf16le');
  const names = [...cf.streams.keys()].filter((n) => !(SIGNATURE_STREAMS as readonly string[]).includes(n));
  names.sort((a, b) => {
    const ra = raw(a);
    const rb = raw(b);
    const d = Buffer.compare(ra.subarray(0, Math.min(ra.length, rb.length)), rb.subarray(0, Math.min(ra.length, rb.length)));
    return d !== 0 ? d : rb.length - ra.length;
  });
  const hash = createHash('sha256');
  for (const n of names) hash.update(cf.streams.get(n) as Buffer);
  hash.update(cf.clsid);
  return hash.digest();
}

const sha256 = (b: Buffer): Buffer => createHash('sha256').update(b).digest();
const algorithm = (dotted: string): Node => seq(oid(dotted), nul());
const attribute = (type: string, value: Node): Node => seq(oid(type), set(value));

export interface SignOptions {
  /** Shown by Windows as the program's name when it asks whether to run the installer. */
  programName?: string;
  /** A link to more information about the program. */
  moreInfoUrl?: string;
}

/** The DER SignedData (in a ContentInfo) to store as the package's `\u0005DigitalSignature` stream. */
export async function signDigest(digest: Buffer, signer: Signer, options: SignOptions = {}): Promise<Buffer> {
  const leaf = signer.chain[0];
  if (!leaf) throw new Error('the signer has no certificate');
  // SpcIndirectDataContent: "this is an MSI (SpcSipInfo) whose digest is …".
  const sipInfo = seq(int(1), octets(MSI_SIP), int(0), int(0), int(0), int(0), int(0));
  const indirect = seq(seq(oid(OID.spcSipInfo), sipInfo), seq(algorithm(OID.sha256), octets(digest)));
  const indirectDer = der(indirect);

  const opus: Node[] = [];
  if (options.programName) opus.push(explicit(0, implicitBytes(0, Buffer.from(options.programName, 'utf16le').swap16())));
  if (options.moreInfoUrl) opus.push(explicit(1, implicitBytes(0, Buffer.from(options.moreInfoUrl, 'ascii'))));
  const attributes = sortedSet([
    attribute(OID.contentType, oid(OID.spcIndirectData)),
    attribute(OID.spcSpOpusInfo, seq(...opus)),
    attribute(OID.spcStatementType, seq(oid(OID.spcIndividualCodeSigning))),
    // The message digest covers the SpcIndirectDataContent's contents, without its own tag and length.
    attribute(OID.messageDigest, octets(sha256(contents(indirectDer)))),
  ]);
  const signature = await signer.signSha256(sha256(der(set(...attributes))));

  const tbs = fromDer(leaf).value[0] as Node;
  const tbsFields = tbs.value as Node[];
  const offset = (tbsFields[0] as Node).tagClass === 0x80 ? 1 : 0; // [0] version present
  const serial = tbsFields[offset] as Node;
  const issuer = tbsFields[offset + 2] as Node;
  const signerInfo = seq(
    int(1),
    seq(issuer, serial),
    algorithm(OID.sha256),
    implicitSet(0, attributes),
    algorithm(OID.rsaEncryption),
    octets(signature),
  );
  const signedData = seq(
    int(1),
    set(algorithm(OID.sha256)),
    seq(oid(OID.spcIndirectData), explicit(0, indirect)),
    implicitSet(0, signer.chain.map(fromDer)),
    set(signerInfo),
  );
  return der(seq(oid(OID.signedData), explicit(0, signedData)));
}

/** Signs a (customised) package: old signatures go, the new one is added. */
export async function signPackage(cf: CompoundFile, signer: Signer, options: SignOptions = {}): Promise<CompoundFile> {
  const streams = new Map(cf.streams);
  for (const s of SIGNATURE_STREAMS) streams.delete(s);
  const unsigned = { clsid: cf.clsid, streams };
  streams.set(SIGNATURE_STREAMS[0], await signDigest(msiDigest(unsigned), signer, options));
  return unsigned;
}
