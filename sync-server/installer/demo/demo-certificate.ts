// Writes the demo code-signing certificate that ships with FieldCRM: a self-signed certificate, its public .cer and
// its .pfx protected by DEMO_PFX_PASSWORD. Run `npm run installer:demo-certificate` to make a new pair (10 years).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { certificateDer, makeCertificate, toPfx } from '../signing/make-certificate.ts';

export const DEMO_DIR = dirname(fileURLToPath(import.meta.url));
/** Documented in the README: this key is public, so the certificate is for trying FieldCRM out, never for production. */
export const DEMO_PFX_PASSWORD = 'FieldCRM-demo';
export const DEMO_BASENAME = 'fieldcrm-demo-code-signing';

export function writeDemoCertificate(dir = DEMO_DIR): { thumbprintSource: Buffer } {
  const made = makeCertificate({ commonName: 'FieldCRM Demo Code Signing' });
  const der = certificateDer(made.certificate);
  writeFileSync(join(dir, `${DEMO_BASENAME}.pfx`), toPfx(made, DEMO_PFX_PASSWORD));
  writeFileSync(join(dir, `${DEMO_BASENAME}.cer`), der);
  return { thumbprintSource: der };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeDemoCertificate();
  console.log(`[fieldcrm] demo certificate written to ${DEMO_DIR} (password "${DEMO_PFX_PASSWORD}")`);
}
