// System settings on the server: read them, and write them so every device pulls the new value (setting records).
import { blankRecord } from '../../shared/records.ts';
import { entityDef } from '../../shared/entities/index.ts';
import { SETTINGS, settingOn, type SettingKey } from '../../shared/settings.ts';
import type { WireDoc } from '../../shared/sync.ts';
import type { Services } from '../context.ts';
import type { SyncStore } from '../db/store.ts';

export async function isOn(store: SyncStore, key: SettingKey): Promise<boolean> {
  return settingOn(key, (await store.getByIds('setting', [key]))[0]);
}

export async function allSettings(store: SyncStore): Promise<Record<SettingKey, boolean>> {
  const docs = await store.getByIds('setting', Object.keys(SETTINGS));
  const out = {} as Record<SettingKey, boolean>;
  for (const key of Object.keys(SETTINGS) as SettingKey[]) out[key] = settingOn(key, docs.find((d) => d.id === key));
  return out;
}

/** Writes a setting and tells connected devices to pull it. */
export async function writeSetting(services: Services, key: SettingKey, value: boolean, userId: string): Promise<void> {
  const now = new Date().toISOString();
  const doc = {
    ...(blankRecord(entityDef('setting'), key, 'none') as Record<string, unknown>),
    label: SETTINGS[key].label,
    value: JSON.stringify(value),
    updatedAt: now,
    updatedBy: userId,
    _deleted: false,
  } as unknown as WireDoc;
  const seq = await services.store.saveSetting(doc);
  services.bus.publish({ collection: 'setting', seq });
}
