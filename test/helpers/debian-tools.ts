// Debian's independent judges for the installer tests: osslsigncode (Authenticode), msiinfo and msiextract (msitools), wixl.
// Installed with apt-get when missing and run as root (like Chromium); otherwise a test fails saying how to get them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PACKAGES = { osslsigncode: 'osslsigncode', msiinfo: 'msitools', msiextract: 'msitools', wixl: 'wixl' } as const;
export type Tool = keyof typeof PACKAGES;

const found = (tool: Tool): boolean => existsSync(`/usr/bin/${tool}`) || spawnSync('which', [tool]).status === 0;
let updated = false;

/** Throws one line saying how to install the tool when it is missing and cannot be installed here. */
export function requireTool(tool: Tool): void {
  if (found(tool)) return;
  if (process.getuid?.() === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!updated) spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    updated = true;
    spawnSync('apt-get', ['install', '-y', '-qq', PACKAGES[tool]], { stdio: 'inherit', env });
    if (found(tool)) return;
  }
  throw new Error(`${tool} is missing: run "sudo apt-get install -y ${PACKAGES[tool]}" (Debian) to run this test`);
}

/** Runs a tool; the exit status and everything it printed. */
export function runTool(tool: Tool, args: string[], cwd?: string): { status: number; out: string } {
  requireTool(tool);
  const r = spawnSync(tool, args, { encoding: 'utf8', cwd, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** `msiinfo export` of one table, as text (GLib warnings on stderr left out). */
export function exportTable(msi: string, table: string): string {
  requireTool('msiinfo');
  const r = spawnSync('msiinfo', ['export', msi, table], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`msiinfo export ${table} failed: ${r.stderr}`);
  return r.stdout;
}

export function tablesOf(msi: string): string[] {
  const r = runTool('msiinfo', ['tables', msi]);
  if (r.status !== 0) throw new Error(`msiinfo tables failed: ${r.out}`);
  return r.out.split('\n').map((l) => l.trim()).filter((l) => /^[A-Za-z_][A-Za-z0-9_.]*$/.test(l));
}

/** `msiinfo extract`: one stream's bytes as msitools reads them. */
export function extractStream(msi: string, stream: string): Buffer {
  requireTool('msiinfo');
  const r = spawnSync('msiinfo', ['extract', msi, stream], { maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`msiinfo extract ${stream} failed: ${r.stderr.toString()}`);
  return r.stdout;
}
