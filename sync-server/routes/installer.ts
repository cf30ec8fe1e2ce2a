// The Outlook plug-in installer: each signed-in user downloads their own customised, signed .msi (online only);
// administrators choose whether and with which certificate it is signed, and see why other certificates were refused.
import { auditEntry, diff } from '../admin/audit.ts';
import { Hono, type Context } from 'hono';
import { ERROR_CODES } from '../../shared/errors.ts';
import { INSTALLER_ADMIN_PATH, INSTALLER_CERTIFICATE_PATH, INSTALLER_PATH } from '../../shared/installer.ts';
import { requireAdmin } from '../auth/rights.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, badRequest, readJson } from '../errors.ts';
import { ROOT } from '../config.ts';
import { readInstallerConfig } from '../installer/config.ts';
import { InstallerService } from '../installer/service.ts';
import { memorySettingsStore, parseSettings } from '../installer/settings.ts';
import { clientOf } from '../security/client.ts';


function originOf(c: Context, proxies: number): string {
  const url = new URL(c.req.url);
  return `${clientOf(c, proxies).https ? 'https:' : url.protocol}//${url.host}`;
}

export function installerRoutes(services: Services, opts: { proxies: number }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Without one from the composition root (tests), the configured stores with settings held in memory.
  const installer = services.installer ?? new InstallerService(readInstallerConfig(ROOT, process.env), memorySettingsStore());
  const admin = [requireSession, async (c: Context<AppEnv>, next: () => Promise<void>) => {
    requireAdmin(c.get('user'));
    await next();
  }] as const;

  app.get(INSTALLER_PATH, requireSession, async (c) => {
    const built = await installer.build(c.get('user'), installer.config.publicUrl ?? originOf(c, opts.proxies));
    return c.body(new Uint8Array(built.msi), 200, {
      'Content-Type': 'application/x-msi',
      'Content-Disposition': `attachment; filename="${built.fileName}"`,
      // Each download is made for its user with a new package code: never cached, never shared.
      'Cache-Control': 'private, no-store',
      ...(built.signedBy ? { 'X-FieldCRM-Signed-By': built.signedBy } : {}),
    });
  });

  app.get(INSTALLER_ADMIN_PATH, ...admin, (c) => c.json(installer.report()));

  app.put(INSTALLER_ADMIN_PATH, ...admin, async (c) => {
    const parsed = parseSettings(await readJson(c));
    if ('field' in parsed) throw badRequest(ERROR_CODES.MALFORMED_BODY, `Installer settings: ${parsed.field} is not valid (sign: true or false; thumbprint: 40 or 64 hex digits, or empty; installName: 1 to 64 ASCII characters).`);
    const before = installer.settings.read();
    installer.settings.write(parsed);
    const d = diff(before as unknown as Record<string, unknown>, parsed as unknown as Record<string, unknown>);
    if (Object.keys(d.after ?? {}).length) await services.store.audit.insert([auditEntry(c.get('user'), 'installer.settings', { type: 'settings', id: 'installer' }, d.before, d.after)]);
    return c.json(installer.report());
  });

  // The chosen certificate, for administrators to trust it on client machines (a self-signed one such as the demo's).
  app.get(INSTALLER_CERTIFICATE_PATH, ...admin, (c) => {
    const der = installer.chosenCertificate();
    if (!der) throw new AppError(404, ERROR_CODES.INSTALLER_NO_CERTIFICATE, 'No certificate is chosen for signing.');
    return c.body(new Uint8Array(der), 200, { 'Content-Type': 'application/pkix-cert', 'Content-Disposition': 'attachment; filename="fieldcrm-code-signing.cer"' });
  });
  return app;
}
