// The Outlook plug-in download on the real server: each user gets their own signed installer (checked by msiinfo and
// osslsigncode); administrators switch signing and choose the certificate, and see why others were refused.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from '../../shared/errors.ts';
import { DEMO_BASENAME, DEMO_DIR } from '../../sync-server/installer/demo/demo-certificate.ts';
import { INSTALLER_ADMIN_PATH, INSTALLER_CERTIFICATE_PATH, INSTALLER_PATH, type InstallerReport } from '../../shared/installer.ts';
import { exportTable, runTool } from '../helpers/debian-tools.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

const t = suite<{ server: TestServer; dir: string; admin: string; sales: string }>('installer download');
const DEMO_CER = readFileSync(join(DEMO_DIR, `${DEMO_BASENAME}.cer`));
const DEMO_THUMBPRINT = createHash('sha1').update(DEMO_CER).digest('hex').toUpperCase();

t.before(async (ctx) => {
  ctx.server = await startServer();
  ctx.dir = mkdtempSync(join(tmpdir(), 'fieldcrm-dl-'));
  ctx.admin = await signIn(ctx.server.url, 'admin');
  ctx.sales = await signIn(ctx.server.url, 'sales');
  writeFileSync(join(ctx.dir, 'demo-ca.pem'), forge.pki.certificateToPem(forge.pki.certificateFromAsn1(forge.asn1.fromDer(DEMO_CER.toString('binary')))));
});
t.after(async (ctx) => {
  await ctx.server.close();
  rmSync(ctx.dir, { recursive: true, force: true });
});

const get = (ctx: { server: TestServer }, path: string, token?: string) => fetch(ctx.server.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const put = (ctx: { server: TestServer }, token: string, body: unknown) =>
  fetch(ctx.server.url + INSTALLER_ADMIN_PATH, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
async function download(ctx: { server: TestServer; dir: string }, token: string, name: string): Promise<string> {
  const res = await get(ctx, INSTALLER_PATH, token);
  assert.is(res.status, 200, await res.clone().text());
  const path = join(ctx.dir, name);
  writeFileSync(path, Buffer.from(await res.arrayBuffer()));
  return path;
}
const properties = (msi: string) => new Map(exportTable(msi, 'Property').split(/\r?\n/).slice(3).filter(Boolean).map((l) => l.split('\t') as [string, string]));

t('a signed-in user downloads their own installer, signed with the demo certificate', async (ctx) => {
  const res = await get(ctx, INSTALLER_PATH, ctx.sales);
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'application/x-msi');
  assert.match(res.headers.get('content-disposition') ?? '', 'FieldCRM-Outlook-plugin-sales.msi');
  assert.match(res.headers.get('cache-control') ?? '', 'no-store');
  const path = join(ctx.dir, 'sales.msi');
  writeFileSync(path, Buffer.from(await res.arrayBuffer()));
  const p = properties(path);
  assert.is(p.get('FIELDCRM_LOGIN'), 'sales');
  assert.is(p.get('FIELDCRM_SERVER_URL'), ctx.server.url);
  assert.is(p.get('FIELDCRM_INSTALL_NAME'), 'FieldCRM');
  const r = runTool('osslsigncode', ['verify', '-in', path, '-CAfile', join(ctx.dir, 'demo-ca.pem'), '-require-leaf-hash', `sha1:${DEMO_THUMBPRINT}`]);
  assert.is(r.status, 0, r.out);
  assert.is(res.headers.get('x-fieldcrm-signed-by'), DEMO_THUMBPRINT);
});

t('each download has a new package code; another user gets their own login', async (ctx) => {
  const rev = (p: string) => /Revision number \(UUID\): (\S+)/.exec(runTool('msiinfo', ['suminfo', p]).out)?.[1];
  const a = await download(ctx, ctx.sales, 'a.msi');
  const b = await download(ctx, ctx.sales, 'b.msi');
  assert.is.not(rev(a), rev(b));
  const admin = await download(ctx, ctx.admin, 'admin.msi');
  assert.is(properties(admin).get('FIELDCRM_LOGIN'), 'admin');
});

t('the download needs a session; the settings need an administrator', async (ctx) => {
  const anon = await get(ctx, INSTALLER_PATH);
  assert.is(anon.status, 401);
  assert.is(((await anon.json()) as { code: string }).code, ERROR_CODES.UNAUTHENTICATED);
  assert.is((await get(ctx, INSTALLER_ADMIN_PATH, ctx.sales)).status, 403);
  assert.is((await put(ctx, ctx.sales, { sign: false })).status, 403);
});

t('the administrator sees the chosen certificate and why the others were refused', async (ctx) => {
  const res = await get(ctx, INSTALLER_ADMIN_PATH, ctx.admin);
  assert.is(res.status, 200);
  const report = (await res.json()) as InstallerReport;
  assert.equal(report.settings, { sign: true, thumbprint: null, installName: 'FieldCRM', allowDemoCertificate: false });
  assert.is(report.demoMode, true);
  assert.is(report.chosen?.thumbprint, DEMO_THUMBPRINT);
  assert.is(report.chosen?.demo, true);
  assert.ok(report.chosen?.file.endsWith('.pfx'));
  const cer = report.candidates.find((c) => c.file.endsWith('.cer'));
  assert.is(cer?.refusal?.code, ERROR_CODES.INSTALLER_NO_PRIVATE_KEY);
  assert.not.ok(JSON.stringify(report).includes('PRIVATE KEY'));
  const cert = await get(ctx, INSTALLER_CERTIFICATE_PATH, ctx.admin);
  assert.is(cert.status, 200);
  assert.ok(Buffer.from(await cert.arrayBuffer()).equals(DEMO_CER));
});

t('signing off: the installer is customised but unsigned; an unknown thumbprint stops downloads with its code', async (ctx) => {
  let res = await put(ctx, ctx.admin, { sign: false, thumbprint: '', installName: 'Panoply CRM' });
  assert.is(res.status, 200);
  const path = await download(ctx, ctx.sales, 'unsigned.msi');
  assert.is(properties(path).get('FIELDCRM_INSTALL_NAME'), 'Panoply CRM');
  assert.not.ok(runTool('msiinfo', ['streams', path]).out.includes('DigitalSignature'));
  assert.is.not(runTool('osslsigncode', ['verify', '-in', path, '-CAfile', join(ctx.dir, 'demo-ca.pem')]).status, 0);

  res = await put(ctx, ctx.admin, { sign: true, thumbprint: 'ab'.repeat(20), installName: 'Panoply CRM' });
  const report = (await res.json()) as InstallerReport;
  assert.is(report.chosen, null);
  assert.is(report.error?.code, ERROR_CODES.INSTALLER_THUMBPRINT_NOT_FOUND);
  const refused = await get(ctx, INSTALLER_PATH, ctx.sales);
  assert.is(refused.status, 409);
  assert.is(((await refused.json()) as { code: string }).code, ERROR_CODES.INSTALLER_THUMBPRINT_NOT_FOUND);

  res = await put(ctx, ctx.admin, { sign: true, thumbprint: DEMO_THUMBPRINT.toLowerCase(), installName: 'FieldCRM' });
  assert.is(((await res.json()) as InstallerReport).chosen?.thumbprint, DEMO_THUMBPRINT);
  await download(ctx, ctx.sales, 'pinned.msi');
});

t('bad settings are refused with a stable code', async (ctx) => {
  for (const body of [{ sign: 'yes' }, { sign: true, thumbprint: 'xyz1' }, { sign: true, installName: 'Zoë' }, [1]]) {
    const res = await put(ctx, ctx.admin, body);
    assert.is(res.status, 400, JSON.stringify(body));
    assert.is(((await res.json()) as { code: string }).code, ERROR_CODES.MALFORMED_BODY);
  }
});

t.run();

// Outside demo mode the shipped demo certificate (whose private key is public) signs nothing until an administrator
// allows it; the report says why (and the page shows the switch).
const prod = suite<{ server: TestServer; admin: string; sales: string }>('installer outside demo mode');
prod.before(async (ctx) => {
  const { InstallerService } = await import('../../sync-server/installer/service.ts');
  const { readInstallerConfig } = await import('../../sync-server/installer/config.ts');
  const { memorySettingsStore } = await import('../../sync-server/installer/settings.ts');
  const { ROOT } = await import('../../sync-server/config.ts');
  ctx.server = await startServer({ installer: new InstallerService(readInstallerConfig(ROOT, {}), memorySettingsStore(), undefined, false) });
  ctx.admin = await signIn(ctx.server.url, 'admin');
  ctx.sales = await signIn(ctx.server.url, 'sales');
});
prod.after(async (ctx) => ctx.server.close());

prod('the demo certificate is refused with its code until an administrator allows it', async (ctx) => {
  const report = (await (await get(ctx, INSTALLER_ADMIN_PATH, ctx.admin)).json()) as InstallerReport;
  assert.equal([report.demoMode, report.chosen, report.error?.code], [false, null, ERROR_CODES.INSTALLER_DEMO_CERTIFICATE]);
  assert.match(report.error?.message ?? '', 'private key is public');
  const refused = await get(ctx, INSTALLER_PATH, ctx.sales);
  assert.equal([refused.status, ((await refused.json()) as { code: string }).code], [409, ERROR_CODES.INSTALLER_DEMO_CERTIFICATE]);
  const allowed = (await (await put(ctx, ctx.admin, { sign: true, allowDemoCertificate: true })).json()) as InstallerReport;
  assert.equal([allowed.settings.allowDemoCertificate, allowed.chosen?.thumbprint, allowed.chosen?.demo], [true, DEMO_THUMBPRINT, true]);
  assert.is((await get(ctx, INSTALLER_PATH, ctx.sales)).status, 200);
  assert.is((await put(ctx, ctx.admin, { sign: true, allowDemoCertificate: 'yes' })).status, 400);
});

prod.run();
