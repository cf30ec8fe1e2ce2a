// The installer's part of the configuration: where the base package, the certificate stores and the settings live.
import { join } from 'node:path';
import { DEMO_DIR, DEMO_PFX_PASSWORD } from './demo/demo-certificate.ts';

export interface InstallerConfig {
  /** The base package every download starts from. */
  baseMsi: string;
  /** Certificate store folders (PEM or PFX files); null: no such store. */
  stores: { personal: string | null; root: string | null };
  /** Opens the .pfx files and encrypted PEM keys of the stores. */
  storePassword: string;
  settingsFile: string;
  /** The address clients reach the server at, written into installers; null: the address of the download request. */
  publicUrl: string | null;
}

export function readInstallerConfig(root: string, env: NodeJS.ProcessEnv): InstallerConfig {
  const dir = (v: string | undefined, fallback: string | null): string | null => (v === undefined ? fallback : v === '' ? null : v);
  return {
    baseMsi: env.INSTALLER_BASE_MSI ?? join(root, 'sync-server', 'installer', 'wix', 'outlook-plugin.msi'),
    stores: { personal: dir(env.CERT_STORE_PERSONAL, DEMO_DIR), root: dir(env.CERT_STORE_ROOT, null) },
    storePassword: env.CERT_STORE_PASSWORD ?? DEMO_PFX_PASSWORD,
    settingsFile: env.INSTALLER_SETTINGS_FILE ?? join(root, 'data', 'installer-settings.json'),
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null,
  };
}
