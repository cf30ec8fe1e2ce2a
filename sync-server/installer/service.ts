// Makes each user's Outlook plug-in installer: the base package with their Property rows and a new package code,
// signed with the certificate the settings choose. Also reports that choice to the administrator.
import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { CertificateView, InstallerReport } from '../../shared/installer.ts';
import { AppError } from '../errors.ts';
import type { InstallerConfig } from './config.ts';
import { DEMO_DIR } from './demo/demo-certificate.ts';
import { readCompoundFile, writeCompoundFile } from './msi/cfb.ts';
import { customisePackage } from './msi/package.ts';
import { renderManifest } from '../outlook/manifest.ts';
import { signPackage } from './signing/authenticode.ts';
import { readStore, selectCertificate, type Candidate, type Selection } from './signing/certificate-store.ts';
import { keySigner } from './signing/signer.ts';
import type { SettingsStore } from './settings.ts';

export const PRODUCT_NAME = 'FieldCRM Outlook plug-in';
/** The manifest's key in the base package's File table (wix/outlook-plugin.wxs). */
export const MANIFEST_FILE_KEY = 'Manifest';

export interface BuiltInstaller {
  msi: Buffer;
  fileName: string;
  /** Thumbprint of the signing certificate; null when signing is off. */
  signedBy: string | null;
}

const ASCII = /^[\x20-\x7e]+$/;

export class InstallerService {
  constructor(
    readonly config: InstallerConfig,
    readonly settings: SettingsStore,
    private readonly now: () => Date = () => new Date(),
    /** Demo data is on (DEMO_DATA): the shipped demo certificate may sign without an administrator allowing it. */
    readonly demoMode = true,
  ) {}

  candidates(): Candidate[] {
    const { personal, root } = this.config.stores;
    const now = this.now();
    return [
      ...(personal ? readStore('personal', personal, this.config.storePassword, now) : []),
      ...(root ? readStore('root', root, this.config.storePassword, now) : []),
    ];
  }

  select(settings = this.settings.read()): Selection & { candidates: Candidate[] } {
    const candidates = this.candidates();
    const s = selectCertificate(candidates, settings.thumbprint);
    // Anyone holds the demo certificate's private key: a production server does not sign as it unless told to.
    if (s.chosen && this.isDemo(s.chosen) && !this.demoMode && !settings.allowDemoCertificate)
      return { chosen: null, error: { code: ERROR_CODES.INSTALLER_DEMO_CERTIFICATE, message: "the shipped demo certificate's private key is public; outside demo mode an administrator must allow it explicitly, or configure your own certificate" }, candidates };
    return { ...s, candidates };
  }

  private isDemo(c: Candidate): boolean {
    return c.store === 'personal' && this.config.stores.personal === DEMO_DIR;
  }

  private view(c: Candidate): CertificateView {
    const { store, file, subject, issuer, thumbprint, notBefore, notAfter, refusal } = c;
    return { store, file, subject, issuer, thumbprint, notBefore, notAfter, demo: this.isDemo(c), ...(refusal ? { refusal } : {}) };
  }

  report(): InstallerReport {
    const settings = this.settings.read();
    const s = this.select(settings);
    const out: InstallerReport = { settings, stores: this.config.stores, candidates: s.candidates.map((c) => this.view(c)), chosen: s.chosen ? this.view(s.chosen) : null, demoMode: this.demoMode };
    if (s.error) out.error = s.error;
    return out;
  }

  /** The chosen certificate, DER, for administrators to trust on client machines. */
  chosenCertificate(): Buffer | null {
    return this.select().chosen?.chain[0] ?? null;
  }

  /** The user's installer: their Property rows, and the add-in manifest written for `serverUrl` in their language. */
  async build(user: { login: string; locale?: string }, serverUrl: string): Promise<BuiltInstaller> {
    const settings = this.settings.read();
    const properties = { FIELDCRM_SERVER_URL: serverUrl, FIELDCRM_INSTALL_NAME: settings.installName, FIELDCRM_LOGIN: user.login };
    for (const [name, value] of Object.entries(properties)) {
      if (!ASCII.test(value)) throw new AppError(422, ERROR_CODES.INSTALLER_BAD_VALUE, `${name} must be printable ASCII to go into the installer.`);
    }
    const manifest = Buffer.from(renderManifest(serverUrl, user.locale ?? 'en'), 'utf8');
    let pkg = customisePackage(readCompoundFile(readFileSync(this.config.baseMsi)), { properties, files: { [MANIFEST_FILE_KEY]: manifest } });
    let signedBy: string | null = null;
    if (settings.sign) {
      const { chosen, error } = this.select(settings);
      if (!chosen?.key) throw new AppError(409, error?.code ?? ERROR_CODES.INSTALLER_NO_CERTIFICATE, `The installer cannot be signed: ${error?.message ?? 'no certificate'}`);
      pkg = await signPackage(pkg, keySigner(chosen.key, chosen.chain), { programName: PRODUCT_NAME, moreInfoUrl: serverUrl });
      signedBy = chosen.thumbprint;
    }
    const safeLogin = user.login.replace(/[^A-Za-z0-9._-]/g, '_');
    return { msi: writeCompoundFile(pkg), fileName: `FieldCRM-Outlook-plugin-${safeLogin}.msi`, signedBy };
  }
}
