// The administrator's installer settings, kept in a small JSON file of their own (docs/decisions/0008 says how they
// can move into a shared settings table later). Writes go through a temporary file and a rename: never half a file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { InstallerSettings } from '../../shared/installer.ts';
import { isObject } from '../../shared/objects.ts';

export type { InstallerSettings };

export const DEFAULT_SETTINGS: InstallerSettings = { sign: true, thumbprint: null, installName: 'FieldCRM', allowDemoCertificate: false };

export interface SettingsStore {
  read(): InstallerSettings;
  write(settings: InstallerSettings): void;
}

function merge(value: unknown): InstallerSettings {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof InstallerSettings, unknown>>;
  return {
    sign: typeof v.sign === 'boolean' ? v.sign : DEFAULT_SETTINGS.sign,
    thumbprint: typeof v.thumbprint === 'string' && v.thumbprint !== '' ? v.thumbprint : null,
    installName: typeof v.installName === 'string' && v.installName !== '' ? v.installName : DEFAULT_SETTINGS.installName,
    allowDemoCertificate: v.allowDemoCertificate === true,
  };
}

export function fileSettingsStore(file: string): SettingsStore {
  return {
    read() {
      try {
        return merge(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        return { ...DEFAULT_SETTINGS };
      }
    },
    write(settings) {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`);
      renameSync(tmp, file);
    },
  };
}

export function memorySettingsStore(initial: Partial<InstallerSettings> = {}): SettingsStore {
  let current = merge(initial);
  return {
    read: () => ({ ...current }),
    write: (s) => void (current = merge(s)),
  };
}

/** Checks an administrator's input; returns the settings or the name of the field that is wrong. */
export function parseSettings(body: unknown): InstallerSettings | { field: keyof InstallerSettings } {
  const v = isObject(body) ? body : {};
  if (typeof v.sign !== 'boolean') return { field: 'sign' };
  const thumbprint = v.thumbprint === null || v.thumbprint === undefined ? '' : v.thumbprint;
  if (typeof thumbprint !== 'string') return { field: 'thumbprint' };
  const hex = thumbprint.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (hex !== '' && hex.length !== 40 && hex.length !== 64) return { field: 'thumbprint' };
  const installName = v.installName === undefined ? DEFAULT_SETTINGS.installName : v.installName;
  if (typeof installName !== 'string' || !/^[\x20-\x7e]{1,64}$/.test(installName.trim())) return { field: 'installName' };
  if (v.allowDemoCertificate !== undefined && typeof v.allowDemoCertificate !== 'boolean') return { field: 'allowDemoCertificate' };
  return { sign: v.sign, thumbprint: hex || null, installName: installName.trim(), allowDemoCertificate: v.allowDemoCertificate === true };
}
