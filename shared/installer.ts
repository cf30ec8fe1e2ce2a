// The Outlook plug-in installer as server and PWA both see it: paths, the administrator's settings and report.
import type { ErrorCode } from './errors.ts';

/** GET, signed in: the caller's own customised (and, when set, signed) installer. */
export const INSTALLER_PATH = '/api/me/outlook-plugin.msi';
/** GET the report, PUT the settings (administrators). */
export const INSTALLER_ADMIN_PATH = '/api/admin/installer';
/** GET the chosen certificate (.cer, DER) to trust on client machines (administrators). */
export const INSTALLER_CERTIFICATE_PATH = '/api/admin/installer/certificate.cer';

export interface InstallerSettings {
  /** "Digitally sign plug-in installer". */
  sign: boolean;
  /** Use this certificate (SHA-1 thumbprint, as Windows shows it, or SHA-256); null: search the stores. */
  thumbprint: string | null;
  /** The installation's name, written into each installer (FIELDCRM_INSTALL_NAME). */
  installName: string;
  /**
   * Sign with the shipped demo certificate even outside demo mode. Its private key is public (anyone can sign as it),
   * so a production server refuses it unless an administrator explicitly allows it here.
   */
  allowDemoCertificate: boolean;
}

/** Why a certificate cannot sign, or why none was chosen. */
export interface Refusal {
  code: ErrorCode;
  message: string;
}

export type StoreName = 'personal' | 'root';

/** A certificate as the administration screen shows it. */
export interface CertificateView {
  store: StoreName;
  file: string;
  subject: string;
  issuer: string;
  thumbprint: string;
  notBefore: string;
  notAfter: string;
  /** The demo certificate that ships with FieldCRM. */
  demo: boolean;
  refusal?: Refusal;
}

export interface InstallerReport {
  settings: InstallerSettings;
  /** The store folders searched, Personal first; null when not configured. */
  stores: Record<StoreName, string | null>;
  candidates: CertificateView[];
  chosen: CertificateView | null;
  error?: Refusal;
  /** The server runs with demo data (DEMO_DATA): the demo certificate may sign without being allowed. */
  demoMode: boolean;
}
