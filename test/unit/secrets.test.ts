// Integration secrets at rest: AES-256-GCM round trip, tampering and a changed key (FC-SEC-001), the key file and the env key.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from '../../shared/errors.ts';
import { AppError } from '../../sync-server/errors.ts';
import { decryptSecret, encryptSecret, loadSecretKey, Secrets } from '../../sync-server/security/secrets.ts';

const SECRET = '0123456789abcdef0123456789abcdef-us6';

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    assert.instance(err, AppError);
    return { code: (err as AppError).code, message: (err as AppError).message };
  }
  throw new Error('expected an error');
}

function withDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-secrets-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a secret survives the round trip, as versioned text that does not contain it; each encryption differs', () => {
  const s = new Secrets(randomBytes(32));
  const a = s.encrypt(SECRET);
  assert.match(a, /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
  assert.not.ok(a.includes(SECRET));
  assert.is(s.decrypt(a), SECRET);
  assert.is.not(s.encrypt(SECRET), a);
  assert.is(s.decrypt(s.encrypt('')), '');
  assert.is(s.decrypt(s.encrypt('naïve ✓')), 'naïve ✓');
});

test('altered text is refused with FC-SEC-001 (ciphertext, tag, iv, version, shape), never half-decrypted', () => {
  const key = randomBytes(32);
  const text = encryptSecret(SECRET, key);
  const [v, iv, tag, ct] = text.split(':') as [string, string, string, string];
  const flip = (b64: string): string => {
    const b = Buffer.from(b64, 'base64');
    b[0] = (b[0] ?? 0) ^ 1;
    return b.toString('base64');
  };
  for (const bad of [
    [v, iv, tag, flip(ct)].join(':'),
    [v, iv, flip(tag), ct].join(':'),
    [v, flip(iv), tag, ct].join(':'),
    ['v2', iv, tag, ct].join(':'),
    [v, iv, tag].join(':'),
    `${text}:extra`,
    'not a secret',
    '',
  ]) {
    const e = codeOf(() => decryptSecret(bad, key));
    assert.is(e.code, ERROR_CODES.SECRET_KEY_CHANGED, bad);
  }
});

test('a different key is refused with FC-SEC-001, whose message says the key changed and leaks nothing', () => {
  const text = new Secrets(randomBytes(32)).encrypt(SECRET);
  const e = codeOf(() => new Secrets(randomBytes(32)).decrypt(text));
  assert.is(e.code, 'FC-SEC-001');
  assert.match(e.message, /key .*changed/);
  assert.not.ok(e.message.includes(SECRET) || e.message.includes(text));
});

test('without FIELDCRM_SECRET_KEY the key file is created on first use (0600, base64, no temporary left) and reused', () => {
  withDir((base) => {
    const dir = join(base, 'data');
    const first = loadSecretKey({ env: {}, dataDir: dir });
    assert.is(first.length, 32);
    const file = join(dir, 'secret.key');
    assert.ok(existsSync(file));
    if (process.platform !== 'win32') assert.is(statSync(file).mode & 0o777, 0o600);
    assert.equal(readdirSync(dir), ['secret.key']);
    const again = loadSecretKey({ env: {}, dataDir: dir });
    assert.ok(again.equals(first));
    const text = Secrets.load({ env: {}, dataDir: dir }).encrypt(SECRET);
    assert.is(new Secrets(first).decrypt(text), SECRET);
  });
});

test('FIELDCRM_SECRET_KEY (base64) wins over the file; a key of the wrong length is refused without showing it', () => {
  withDir((dir) => {
    const key = randomBytes(32);
    const env = { FIELDCRM_SECRET_KEY: key.toString('base64') };
    assert.ok(loadSecretKey({ env, dataDir: dir }).equals(key));
    assert.not.ok(existsSync(join(dir, 'secret.key')), 'no file when the env gives the key');
    const text = Secrets.load({ env, dataDir: dir }).encrypt(SECRET);
    assert.is(new Secrets(key).decrypt(text), SECRET);
    const short = randomBytes(16).toString('base64');
    try {
      loadSecretKey({ env: { FIELDCRM_SECRET_KEY: short }, dataDir: dir });
      assert.unreachable();
    } catch (err) {
      assert.match((err as Error).message, /FIELDCRM_SECRET_KEY must be 32 bytes/);
      assert.not.ok((err as Error).message.includes(short));
    }
  });
});

test.run();
