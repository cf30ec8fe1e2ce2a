// Small DER helpers over forge.asn1, so the Authenticode structures read like their ASN.1 definitions.
import forge from 'node-forge';

const { asn1 } = forge;
export type Node = forge.asn1.Asn1;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

export const seq = (...items: Node[]): Node => asn1.create(U, T.SEQUENCE, true, items);
export const set = (...items: Node[]): Node => asn1.create(U, T.SET, true, items);
export const oid = (dotted: string): Node => asn1.create(U, T.OID, false, asn1.oidToDer(dotted).getBytes());
export const nul = (): Node => asn1.create(U, T.NULL, false, '');
export const int = (n: number): Node => asn1.create(U, T.INTEGER, false, asn1.integerToDer(n).getBytes());
export const octets = (b: Buffer): Node => asn1.create(U, T.OCTETSTRING, false, b.toString('binary'));
/** `[n]` EXPLICIT: a constructed context tag around one value. */
export const explicit = (n: number, inner: Node): Node => asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, true, [inner]);
/** `[n]` IMPLICIT on a primitive value: the context tag replaces the value's own. */
export const implicitBytes = (n: number, b: Buffer): Node => asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, false, b.toString('binary'));
/** `[n]` IMPLICIT on a SET OF: the context tag replaces SET's, the elements stay. */
export const implicitSet = (n: number, items: Node[]): Node => asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, true, items);

export const der = (node: Node): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
export const fromDer = (b: Buffer): Node => asn1.fromDer(forge.util.createBuffer(b.toString('binary')));

/** A value's content octets, without its tag and length. */
export function contents(encoded: Buffer): Buffer {
  const first = encoded[1] ?? 0;
  const lengthBytes = first & 0x80 ? first & 0x7f : 0;
  return encoded.subarray(2 + lengthBytes);
}

/** DER orders a SET OF by its elements' encodings. */
export const sortedSet = (items: Node[]): Node[] => items.map((n) => ({ n, b: der(n) })).sort((a, b) => Buffer.compare(a.b, b.b)).map((x) => x.n);

export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  spcIndirectData: '1.3.6.1.4.1.311.2.1.4',
  spcStatementType: '1.3.6.1.4.1.311.2.1.11',
  spcSpOpusInfo: '1.3.6.1.4.1.311.2.1.12',
  spcIndividualCodeSigning: '1.3.6.1.4.1.311.2.1.21',
  spcSipInfo: '1.3.6.1.4.1.311.2.1.30',
  codeSigning: '1.3.6.1.5.5.7.3.3',
} as const;
