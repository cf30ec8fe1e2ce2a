// A device in Node: the PWA's own Device (database, sync engine, repository) on RxDB's memory storage.
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Device, type DeviceOptions } from '../../pwa/db/device.ts';
import { MemoryKeyValue } from '../../pwa/db/pending.ts';
import { ApiClient } from '../../pwa/net/api.ts';
import type { SettingKey } from '../../shared/settings.ts';

let n = 0;

export interface TestDevice {
  device: Device;
  /** Simulates pulling the network: every request fails until `online = true`. */
  online: boolean;
  readonly db: Device['db'];
  readonly engine: Device['engine'];
  readonly repo: Device['repo'];
  readonly pending: Device['pending'];
  close(): Promise<void>;
}

export async function openDevice(
  url: string,
  token: string,
  opts: {
    fetch?: typeof fetch;
    userId?: string;
    territoryId?: string;
    settings?: () => Partial<Record<SettingKey, boolean>>;
    instance?: string;
    pullBatchSize?: number;
    safetyPullMs?: number;
    /** Kept across a restart (the browser's localStorage): the waiting-changes counter lives there. */
    keyValue?: MemoryKeyValue;
    schemaOf?: DeviceOptions['schemaOf'];
    mayReplace?: () => boolean;
    requestTimeoutMs?: number;
    streamSilenceMs?: number;
  } = {},
): Promise<TestDevice> {
  const state = { online: true };
  const base = opts.fetch ?? fetch;
  const gated: typeof fetch = (input, init) => (state.online ? base(input, init) : Promise.reject(new TypeError('Failed to fetch (offline)')));
  const api = new ApiClient({ baseUrl: url, fetch: gated, token: () => token });
  const device = new Device({
    api,
    storage: () => getRxStorageMemory(),
    keyValue: opts.keyValue ?? new MemoryKeyValue(),
    author: { userId: opts.userId ?? 'u-sales', territoryId: opts.territoryId ?? 't-eu' },
    origin: url,
    multiInstance: false,
    retryMs: 200,
    // The same instance opens the same (in-memory) database again: a restarted device.
    instance: opts.instance ?? `-${n++}-${Date.now()}`,
    ...(opts.pullBatchSize ? { pullBatchSize: opts.pullBatchSize } : {}),
    ...(opts.safetyPullMs ? { safetyPullMs: opts.safetyPullMs } : {}),
    ...(opts.settings ? { settings: opts.settings } : {}),
    ...(opts.schemaOf ? { schemaOf: opts.schemaOf } : {}),
    ...(opts.mayReplace ? { mayReplace: opts.mayReplace } : {}),
    ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
    ...(opts.streamSilenceMs ? { streamSilenceMs: opts.streamSilenceMs } : {}),
  });
  await device.open();
  return {
    device,
    get online() {
      return state.online;
    },
    set online(v: boolean) {
      state.online = v;
    },
    get db() {
      return device.db;
    },
    get engine() {
      return device.engine;
    },
    get repo() {
      return device.repo;
    },
    pending: device.pending,
    close: () => device.close(),
  };
}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      // The device may be between databases (starting over after a rights change): look again.
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
