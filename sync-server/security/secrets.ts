// Integration secrets (the MailChimp API key) encrypted at rest with AES-256-GCM, under a key from the environment or a 0600 key file.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../../shared/errors.ts';
import { AppError } from '../errors.ts';

const VERSION = 'v1';
/** Binds the text to its format: a future v2 cannot be fed to v1's decryption. */
const AAD = Buffer.from('fieldcrm-secret:v1');
export const SECRET_KEY_FILE = 'secret.key';

function keyFromBase64(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  // The message names where the key came from, never its value.
  if (key.length !== 32) throw new Error(`${where} must be 32 bytes in base64 (e.g. \`openssl rand -base64 32\`), not ${key.length} bytes.`);
  return key;
}

/**
 * The 32-byte key: `FIELDCRM_SECRET_KEY` (base64) when set, else `<dataDir>/secret.key`, created on first use with
 * mode 0600. It is written to a temporary file and linked into place, so a concurrent start never reads half a key
 * and exactly one key wins. Losing the file (or changing the variable) makes stored secrets unreadable (FC-SEC-001).
 */
export function loadSecretKey(opts: { env?: NodeJS.ProcessEnv; dataDir: string }): Buffer {
  const fromEnv = (opts.env ?? process.env).FIELDCRM_SECRET_KEY;
  if (fromEnv) return keyFromBase64(fromEnv, 'FIELDCRM_SECRET_KEY');
  const file = join(opts.dataDir, SECRET_KEY_FILE);
  try {
    return keyFromBase64(readFileSync(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(tmp, 0o600); // in case the umask was unusual
    linkSync(tmp, file); // fails with EEXIST if another process got there first: then its key is the key
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  return keyFromBase64(readFileSync(file, 'utf8'), file);
}

/** `v1:<iv>:<tag>:<ciphertext>`, each base64; a fresh 12-byte IV every time. */
export function encryptSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
}

export function decryptSecret(text: string, key: Buffer): string {
  const [version, iv, tag, ct, ...rest] = text.split(':');
  try {
    if (version !== VERSION || iv === undefined || tag === undefined || ct === undefined || rest.length) throw new Error('format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'), { authTagLength: 16 });
    decipher.setAAD(AAD);
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // Wrong key and altered text look the same to GCM; the likely cause is a changed key, so say that.
    throw new AppError(
      500,
      ERROR_CODES.SECRET_KEY_CHANGED,
      'A stored secret cannot be decrypted: the server secret key (FIELDCRM_SECRET_KEY or secret.key) has changed since it was saved. Enter the secret again.',
    );
  }
}

/** The server's secrets, under one key (tests pass their own). */
export class Secrets {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The secret key must be 32 bytes.');
  }

  static load(opts: { env?: NodeJS.ProcessEnv; dataDir: string }): Secrets {
    return new Secrets(loadSecretKey(opts));
  }

  encrypt(plain: string): string {
    return encryptSecret(plain, this.key);
  }

  decrypt(text: string): string {
    return decryptSecret(text, this.key);
  }
}
