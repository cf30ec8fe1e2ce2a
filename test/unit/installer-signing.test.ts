// Authenticode signatures of customised installers, judged by Debian's osslsigncode; certificate choice and refusals.
import { constants, createHash, createPrivateKey, privateEncrypt } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from '../../shared/errors.ts';
import { ROOT } from '../../sync-server/config.ts';
import { AppError } from '../../sync-server/errors.ts';
import { readInstallerConfig } from '../../sync-server/installer/config.ts';
import { DEMO_BASENAME, DEMO_DIR, DEMO_PFX_PASSWORD } from '../../sync-server/installer/demo/demo-certificate.ts';
import { readCompoundFile, writeCompoundFile } from '../../sync-server/installer/msi/cfb.ts';
import { encodeStreamName } from '../../sync-server/installer/msi/names.ts';
import { customisePackage } from '../../sync-server/installer/msi/package.ts';
import { InstallerService } from '../../sync-server/installer/service.ts';
import { memorySettingsStore } from '../../sync-server/installer/settings.ts';
import { signPackage } from '../../sync-server/installer/signing/authenticode.ts';
import { readStore, selectCertificate } from '../../sync-server/installer/signing/certificate-store.ts';
import { certificateDer, EKU, makeCertificate, toPfx, type MadeCertificate } from '../../sync-server/installer/signing/make-certificate.ts';
import { keySigner, type Signer } from '../../sync-server/installer/signing/signer.ts';
import { runTool } from '../helpers/debian-tools.ts';

const BASE = join(ROOT, 'sync-server', 'installer', 'wix', 'outlook-plugin.msi');
const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-sign-'));
const DAY = 86_400_000;
/** The DER prefix of a DigestInfo for SHA-256 (RFC 8017 §9.2). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');
const NOW = new Date();
const DEMO_CER = join(DEMO_DIR, `${DEMO_BASENAME}.cer`);
const sha1 = (b: Buffer): string => createHash('sha1').update(b).digest('hex').toUpperCase();

const save = (name: string, bytes: Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const pem = (m: MadeCertificate): string => forge.pki.certificateToPem(m.certificate);
const caFile = (name: string, der: Buffer): string => save(name, Buffer.from(forge.pki.certificateToPem(forge.pki.certificateFromAsn1(forge.asn1.fromDer(der.toString('binary'))))));
const verify = (msi: string, ca: string, pin?: string) => runTool('osslsigncode', ['verify', '-in', msi, '-CAfile', ca, ...(pin ? ['-require-leaf-hash', `sha1:${pin}`] : [])]);
const signed = async (signer: Signer, name: string): Promise<string> => {
  const pkg = customisePackage(readCompoundFile(readFileSync(BASE)), { properties: { FIELDCRM_LOGIN: 'sales' } });
  return save(name, writeCompoundFile(await signPackage(pkg, signer, { programName: 'FieldCRM Outlook plug-in', moreInfoUrl: 'https://crm.example.com' })));
};
const demo = () => {
  const c = readStore('personal', DEMO_DIR, DEMO_PFX_PASSWORD, NOW).find((x) => !x.refusal);
  if (!c?.key) throw new Error('the demo .pfx does not open with the documented password');
  return c;
};

/** A store folder with the given files. */
function store(name: string, files: Record<string, Buffer | string>): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(path, file), bytes);
  return path;
}

test('osslsigncode accepts the signature, with the demo certificate as CA and its thumbprint pinned', async () => {
  const d = demo();
  assert.is(d.thumbprint, sha1(readFileSync(DEMO_CER)), 'the .cer is the .pfx certificate');
  const msi = await signed(keySigner(d.key as forge.pki.rsa.PrivateKey, d.chain), 'demo.msi');
  const r = verify(msi, caFile('demo-ca.pem', readFileSync(DEMO_CER)), d.thumbprint);
  assert.is(r.status, 0, r.out);
  assert.match(r.out, 'Signature verification: ok');
  assert.match(r.out, 'Message digest algorithm         : SHA256');
  assert.match(r.out, 'Text description: FieldCRM Outlook plug-in');
  // The digest osslsigncode computes from the streams is the one we signed.
  const current = /Current DigitalSignature\s*:\s*([0-9A-F]+)/.exec(r.out)?.[1];
  assert.ok(current && current === /Calculated DigitalSignature\s*:\s*([0-9A-F]+)/.exec(r.out)?.[1], r.out);
  // Another pinned thumbprint is refused.
  assert.is.not(verify(msi, caFile('demo-ca.pem', readFileSync(DEMO_CER)), '00'.repeat(20)).status, 0);
});

test('a tampered package fails verification', async () => {
  const d = demo();
  const msi = await signed(keySigner(d.key as forge.pki.rsa.PrivateKey, d.chain), 'tamper.msi');
  const cf = readCompoundFile(readFileSync(msi));
  const prop = encodeStreamName('Property', true);
  const bytes = Buffer.from(cf.streams.get(prop) as Buffer);
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  cf.streams.set(prop, bytes);
  const tampered = save('tampered.msi', writeCompoundFile(cf));
  const r = verify(tampered, caFile('demo-ca.pem', readFileSync(DEMO_CER)));
  assert.is.not(r.status, 0, r.out);
  assert.match(r.out, /mismatch|failed/i);
});

test('verification fails against a different CA', async () => {
  const d = demo();
  const msi = await signed(keySigner(d.key as forge.pki.rsa.PrivateKey, d.chain), 'other-ca.msi');
  const other = makeCertificate({ commonName: 'Some other CA' });
  const r = verify(msi, save('other-ca.pem', Buffer.from(pem(other))));
  assert.is.not(r.status, 0, r.out);
});

test('a certificate without the code-signing usage: refused by the store, and by osslsigncode when used anyway', async () => {
  const web = makeCertificate({ commonName: 'Web server', extendedKeyUsage: [EKU.serverAuth] });
  const der = certificateDer(web.certificate);
  const msi = await signed(keySigner(web.key, [der]), 'no-eku.msi');
  const r = verify(msi, save('web-ca.pem', Buffer.from(pem(web))));
  assert.is.not(r.status, 0, r.out);
  assert.match(r.out, /XKU_CODE_SIGN|codeSigning/);
  const [c] = readStore('personal', store('web', { 'web.pfx': toPfx(web, 'pw') }), 'pw', NOW);
  assert.is(c?.refusal?.code, ERROR_CODES.INSTALLER_NOT_CODE_SIGNING);
  assert.match(c?.refusal?.message ?? '', 'code signing');
});

test('a wrong .pfx password gives a clear error', () => {
  const made = makeCertificate({ commonName: 'Locked' });
  const candidates = readStore('personal', store('locked', { 'locked.pfx': toPfx(made, 'right') }), 'wrong', NOW);
  assert.is(candidates.length, 1);
  assert.is(candidates[0]?.refusal?.code, ERROR_CODES.INSTALLER_PFX_PASSWORD);
  assert.match(candidates[0]?.refusal?.message ?? '', 'password is wrong');
  assert.is(selectCertificate(candidates, null).error?.code, ERROR_CODES.INSTALLER_NO_CERTIFICATE);
  // And the demo .pfx opens only with the documented password.
  assert.is(readStore('personal', DEMO_DIR, 'not-the-password', NOW).find((c) => c.file.endsWith('.pfx'))?.refusal?.code, ERROR_CODES.INSTALLER_PFX_PASSWORD);
});

test('an expired certificate (or one not yet valid) gives a clear error, also when chosen by thumbprint', async () => {
  const old = makeCertificate({ commonName: 'Old', notBefore: new Date(NOW.getTime() - 800 * DAY), notAfter: new Date(NOW.getTime() - DAY) });
  const early = makeCertificate({ commonName: 'Early', notBefore: new Date(NOW.getTime() + 10 * DAY) });
  const candidates = readStore('personal', store('expired', { 'old.pfx': toPfx(old, 'pw'), 'early.pfx': toPfx(early, 'pw') }), 'pw', NOW);
  const byName = (cn: string) => candidates.find((c) => c.subject.includes(cn));
  assert.is(byName('Early')?.refusal?.code, ERROR_CODES.INSTALLER_CERT_NOT_YET_VALID);
  assert.is(byName('Old')?.refusal?.code, ERROR_CODES.INSTALLER_CERT_EXPIRED);
  assert.match(byName('Old')?.refusal?.message ?? '', 'expired on');
  const sel = selectCertificate(candidates, byName('Old')?.thumbprint ?? '');
  assert.is(sel.chosen, null);
  assert.is(sel.error?.code, ERROR_CODES.INSTALLER_CERT_EXPIRED);
  // The download then fails with that code, never with an unsigned or badly signed file.
  const config = { ...readInstallerConfig(ROOT, {}), stores: { personal: join(dir, 'expired'), root: null }, storePassword: 'pw' };
  const service = new InstallerService(config, memorySettingsStore({ sign: true, thumbprint: byName('Old')?.thumbprint ?? null }));
  try {
    await service.build({ login: 'sales' }, 'http://localhost:8080');
    assert.unreachable('an expired certificate must not sign');
  } catch (err) {
    assert.instance(err, AppError);
    assert.is((err as AppError).code, ERROR_CODES.INSTALLER_CERT_EXPIRED);
  }
});

test('no private key: a certificate alone is refused', () => {
  const made = makeCertificate({ commonName: 'Public only' });
  const [c] = readStore('root', store('nokey', { 'public.cer': certificateDer(made.certificate) }), '', NOW);
  assert.is(c?.refusal?.code, ERROR_CODES.INSTALLER_NO_PRIVATE_KEY);
  assert.is(selectCertificate([c!], c?.thumbprint ?? null).error?.code, ERROR_CODES.INSTALLER_NO_PRIVATE_KEY);
});

test('thumbprint selection picks that certificate, however the thumbprint is written; an unknown one is an error', () => {
  const a = makeCertificate({ commonName: 'Alpha' });
  const b = makeCertificate({ commonName: 'Beta', notAfter: new Date(NOW.getTime() + 100 * DAY) });
  const keyPem = forge.pki.encryptRsaPrivateKey(b.key, 'pw', { algorithm: 'aes256' });
  const candidates = readStore('personal', store('two', { 'a.pfx': toPfx(a, 'pw'), 'b.pem': `${pem(b)}\n${keyPem}` }), 'pw', NOW);
  assert.is(candidates.filter((c) => !c.refusal).length, 2);
  const beta = candidates.find((c) => c.subject.includes('Beta'));
  assert.ok(beta?.hasKey, 'the encrypted PEM key opens with the store password');
  // As copied from Windows' certificate dialog: spaced pairs, lower case, a left-to-right mark in front.
  const spaced = `\u200e${(beta?.thumbprint ?? '').toLowerCase().replace(/(..)/g, '$1 ')}`;
  assert.is(selectCertificate(candidates, spaced).chosen?.file, 'b.pem');
  assert.is(selectCertificate(candidates, beta?.sha256 ?? '').chosen?.file, 'b.pem', 'a SHA-256 thumbprint works too');
  const missing = selectCertificate(candidates, 'AB'.repeat(20));
  assert.is(missing.chosen, null);
  assert.is(missing.error?.code, ERROR_CODES.INSTALLER_THUMBPRINT_NOT_FOUND);
  // Without a thumbprint: the one valid longest.
  assert.is(selectCertificate(candidates, null).chosen?.file, 'a.pfx');
});

test('store search: Personal first, then Trusted Root; unsuitable ones are passed over with their reasons', () => {
  const good = makeCertificate({ commonName: 'Root good' });
  const personalGood = makeCertificate({ commonName: 'Personal good', notAfter: new Date(NOW.getTime() + 30 * DAY) });
  const expired = makeCertificate({ commonName: 'Personal expired', notBefore: new Date(NOW.getTime() - 9 * DAY), notAfter: new Date(NOW.getTime() - DAY) });
  const personalBad = store('p-bad', { 'expired.pfx': toPfx(expired, 'pw'), 'cert-only.cer': certificateDer(personalGood.certificate), 'junk.pem': 'not a certificate' });
  const root = store('root', { 'root.pfx': toPfx(good, 'pw') });
  const fromRoot = selectCertificate([...readStore('personal', personalBad, 'pw', NOW), ...readStore('root', root, 'pw', NOW)], null);
  assert.match(fromRoot.chosen?.subject ?? '', 'Root good');
  const reasons = readStore('personal', personalBad, 'pw', NOW).map((c) => `${c.file}:${c.refusal?.code}`).sort();
  assert.equal(reasons, [`cert-only.cer:${ERROR_CODES.INSTALLER_NO_PRIVATE_KEY}`, `expired.pfx:${ERROR_CODES.INSTALLER_CERT_EXPIRED}`, `junk.pem:${ERROR_CODES.INSTALLER_CERT_UNREADABLE}`].sort());
  const personalOk = store('p-ok', { 'good.pfx': toPfx(personalGood, 'pw') });
  const fromPersonal = selectCertificate([...readStore('personal', personalOk, 'pw', NOW), ...readStore('root', root, 'pw', NOW)], null);
  assert.match(fromPersonal.chosen?.subject ?? '', 'Personal good', 'Personal wins even when Root holds one valid longer');
});

test('re-signing replaces the old signature; a custom Signer (an external key service) signs as well', async () => {
  const d = demo();
  const first = readCompoundFile(await signed(keySigner(d.key as forge.pki.rsa.PrivateKey, d.chain), 'first.msi').then((p) => readFileSync(p)));
  first.streams.set('\u0005MsiDigitalSignatureEx', Buffer.alloc(32, 1));
  // The key lives elsewhere: here Node's crypto stands in for an HSM or a cloud key vault's "sign digest".
  const external = createPrivateKey(forge.pki.privateKeyToPem(d.key as forge.pki.rsa.PrivateKey));
  const remote: Signer = {
    chain: d.chain,
    // PKCS#1 v1.5 signing is a private-key "encryption" of the DigestInfo, as a key service computes it.
    signSha256: async (digest) => privateEncrypt({ key: external, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest])),
  };
  const again = customisePackage(first, { properties: { FIELDCRM_LOGIN: 'manager' } });
  const path = save('resigned.msi', writeCompoundFile(await signPackage(again, remote)));
  const streams = [...readCompoundFile(readFileSync(path)).streams.keys()];
  assert.is(streams.filter((s) => s.includes('DigitalSignature')).length, 1);
  assert.not.ok(streams.includes('\u0005MsiDigitalSignatureEx'));
  const r = verify(path, caFile('demo-ca.pem', readFileSync(DEMO_CER)), d.thumbprint);
  assert.is(r.status, 0, r.out);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
