// The signed-in app: the session kept for offline starts, and the user's Device (database, sync, repository).
import { BehaviorSubject, Subject, type Subscription } from 'rxjs';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { API_PATHS, type SessionInfo } from '../../shared/api.ts';
import type { StreamEvent } from '../../shared/sync.ts';
import { Device, INITIAL_STATUS } from '../db/device.ts';
import type { SyncStatus } from '../db/sync-engine.ts';
import { ApiClient } from '../net/api.ts';
import { ServerRecords } from '../features/records/server-records.ts';

const SESSION_KEY = 'fieldcrm.session';
/** The routes of an entry form (router.ts): a new record, or an edit. */
const ENTRY_FORM = /^#\/[^/?]+\/(?:new|[^/?]+\/edit)(?:[?]|$)/;

export interface Running {
  session: SessionInfo;
  device: Device;
}

export type Phase = { name: 'signed-out' } | { name: 'starting' } | { name: 'running'; running: Running };

function storedSession(): SessionInfo | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as SessionInfo) : null;
  } catch {
    return null;
  }
}

export class AppRuntime {
  readonly phase = new BehaviorSubject<Phase>({ name: 'signed-out' });
  readonly status = new BehaviorSubject<SyncStatus>(INITIAL_STATUS);
  readonly pendingCount = new BehaviorSubject<number>(0);
  /** Changes of server-kept sets (settings, notifications) announced by the live stream. */
  readonly serverEvents = new Subject<StreamEvent>();
  readonly api = new ApiClient({ baseUrl: '', onUnauthorized: () => this.running?.device.engine.markSignedOut() });
  private running: Running | null = null;
  private server: ServerRecords | null = null;
  private subs: Subscription[] = [];
  private unsubscribePending: (() => void) | null = null;

  /** The session and the current repository (it changes when the device starts over after a rights change). */
  get current(): { session: SessionInfo; device: Device; repo: Device['repo'] } | null {
    const r = this.running;
    // While the device reopens its database (its collections are closed), screens get nothing to read: a screen opened
    // then would call a closed collection (COL21). The new generation that follows re-renders them on the new one.
    return r && !r.device.reopening ? { session: r.session, device: r.device, repo: r.device.repo } : null;
  }

  /** Online-only records (quotes, orders, products…) on the server, refreshed by the live stream's news. */
  serverRecords(): ServerRecords {
    const session = this.running?.session;
    this.server ??= new ServerRecords(this.api, { userId: session?.user.id ?? '', territoryId: session?.user.territoryId ?? '' }, this.serverEvents);
    return this.server;
  }

  /** Starts from the stored session, with no network needed; then refreshes the profile in the background. */
  async boot(): Promise<void> {
    const session = storedSession();
    if (!session) return;
    await this.start(session);
    void this.refreshSession();
  }

  /** The profile, rights and territories as the server has them now (after a rights change, say). */
  async refreshSession(): Promise<void> {
    try {
      this.remember(await this.api.get<SessionInfo>(API_PATHS.me));
    } catch {
      // Offline or signed out: the status says so.
    }
  }

  async signIn(login: string, password: string): Promise<void> {
    const info = await this.api.post<SessionInfo>(API_PATHS.signIn, { login, password });
    // The cookie carries the session in the browser; the token is not kept in script-readable storage.
    const { token: _token, ...session } = info;
    this.remember(session);
    if (this.running && this.running.session.user.id === session.user.id) {
      this.running.device.engine.resume();
      return;
    }
    await this.stop();
    await this.start(session);
  }

  async signOut(): Promise<void> {
    try {
      await this.api.post(API_PATHS.signOut, {});
    } catch {
      // Offline sign-out still forgets the session on this device; the server's expires by itself.
    }
    localStorage.removeItem(SESSION_KEY);
    await this.stop();
    this.phase.next({ name: 'signed-out' });
  }

  /** After a forced (one-time) password is replaced: the session as it is now, then sync resumes (it was refused until now). */
  async passwordChanged(): Promise<void> {
    await this.refreshSession();
    this.running?.device.engine.resume();
  }

  /** Back from offline: reconnect the live stream now rather than at the next backoff tick. */
  reconnect(): void {
    this.running?.device.engine.resume();
  }

  private remember(session: SessionInfo): void {
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    if (this.running) {
      this.running.session = session;
      this.phase.next({ name: 'running', running: this.running });
      // New custom fields: the device reopens its collections at the new schema version (docs/decisions/0044).
      if (session.customization) void this.running.device.remodel(session.customization);
    }
  }

  private async start(session: SessionInfo): Promise<void> {
    this.phase.next({ name: 'starting' });
    const device = new Device({
      api: this.api,
      storage: () => getRxStorageDexie(),
      keyValue: localStorage,
      author: { userId: session.user.id, territoryId: session.user.territoryId },
      origin: location.origin,
      multiInstance: true,
      pullBatchSize: 1000,
      settings: () => this.running?.session.settings ?? session.settings ?? {},
      customization: () => this.running?.session.customization ?? session.customization,
      // Not while an entry form is open (#/<entity>/new, #/<entity>/<id>/edit): rebuilding it would lose what is typed.
      mayReplace: () => !ENTRY_FORM.test(location.hash),
    });
    await device.open();
    this.subs = [
      device.status.subscribe((s) => this.status.next(s)),
      // An administrator changed a system setting: fetch it with the session (kept for offline use).
      device.serverEvents.subscribe((e) => {
        if (e.collection === 'setting') void this.refreshSession();
        this.serverEvents.next(e);
      }),
      // New data after a rights change: fetch the new rights and territories, and let screens resubscribe.
      device.generation.subscribe((g) => {
        if (g > 0 && this.running) {
          void this.refreshSession();
          this.phase.next({ name: 'running', running: this.running });
        }
      }),
    ];
    this.unsubscribePending = device.pending.subscribe((n) => this.pendingCount.next(n));
    this.running = { session, device };
    this.phase.next({ name: 'running', running: this.running });
  }

  private async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    this.running = null;
    this.server = null;
    this.subs.forEach((s) => s.unsubscribe());
    this.unsubscribePending?.();
    await r.device.close();
  }
}

export const runtime = new AppRuntime();
