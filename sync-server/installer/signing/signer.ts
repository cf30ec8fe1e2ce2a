// The one private-key operation, behind an interface: a hardware key or a cloud key service can sign instead later.
import forge from 'node-forge';

export interface Signer {
  /** The signing certificate first, then any intermediates, each DER-encoded; they go into the signature. */
  readonly chain: readonly Buffer[];
  /** RSASSA-PKCS1-v1_5 signature of a SHA-256 digest (what a key vault's or an HSM's "sign digest" call does). */
  signSha256(digest: Buffer): Promise<Buffer>;
}

/** Signs with a private key held in memory (read from a .pfx or PEM file of a certificate store). */
export function keySigner(key: forge.pki.rsa.PrivateKey, chain: readonly Buffer[]): Signer {
  return {
    chain,
    async signSha256(digest) {
      if (digest.length !== 32) throw new RangeError('a SHA-256 digest is 32 bytes');
      // forge wraps the digest in a DigestInfo for the algorithm named here: all it needs of a message digest.
      const md = { algorithm: 'sha256', digest: () => forge.util.createBuffer(digest.toString('binary')) } as unknown as forge.md.MessageDigest;
      return Buffer.from(key.sign(md), 'binary');
    },
  };
}
