// The signed-in device: session kept for offline starts, the user's database, the sync engine and the repository.
import { BehaviorSubject } from 'rxjs';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { API_PATHS, type SessionInfo } from '../../shared/api.ts';
import { databaseName, openDatabase, type FieldDatabase } from '../db/database.ts';
import { PendingChanges } from '../db/pending.ts';
import { RecordRepository } from '../db/repository.ts';
import { SyncEngine, type SyncStatus } from '../db/sync-engine.ts';
import { ApiClient } from '../net/api.ts';

const SESSION_KEY = 'fieldcrm.session';

export interface Running {
  session: SessionInfo;
  db: FieldDatabase;
  engine: SyncEngine;
  repo: RecordRepository;
  pending: PendingChanges;
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
  readonly status = new BehaviorSubject<SyncStatus>({ online: false, syncing: false, ready: false, progress: 0, signedOut: false, lastError: '' });
  readonly pendingCount = new BehaviorSubject<number>(0);
  readonly api = new ApiClient({ baseUrl: '', onUnauthorized: () => this.running?.engine.markSignedOut() });
  private running: Running | null = null;
  private unsubscribers: (() => void)[] = [];

  get current(): Running | null {
    return this.running;
  }

  /** Starts from the stored session, with no network needed; then refreshes the profile in the background. */
  async boot(): Promise<void> {
    const session = storedSession();
    if (!session) return;
    await this.start(session);
    this.api.get<SessionInfo>(API_PATHS.me).then(
      (fresh) => this.remember({ ...fresh, version: fresh.version }),
      () => undefined, // offline or signed out: the status says so
    );
  }

  async signIn(login: string, password: string): Promise<void> {
    const info = await this.api.post<SessionInfo>(API_PATHS.signIn, { login, password });
    // The cookie carries the session in the browser; the token is not kept in script-readable storage.
    const session: SessionInfo = { user: info.user, territories: info.territories, version: info.version };
    this.remember(session);
    if (this.running && this.running.session.user.id === session.user.id) {
      this.running.engine.resume();
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

  /** Comes back from being offline: reconnect the live stream now rather than at the next backoff tick. */
  reconnect(): void {
    this.running?.engine.resume();
  }

  private remember(session: SessionInfo): void {
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    if (this.running) this.running.session = session;
  }

  private async start(session: SessionInfo): Promise<void> {
    this.phase.next({ name: 'starting' });
    const origin = location.origin;
    const db = await openDatabase({ name: databaseName(session.user.id, origin), storage: getRxStorageDexie() });
    const pending = new PendingChanges(localStorage, `fieldcrm.pending.${session.user.id}`);
    const engine = new SyncEngine({ db, api: this.api, pending, identifier: origin, pullBatchSize: 1000 });
    const repo = new RecordRepository(db, pending, { userId: session.user.id, territoryId: session.user.territoryId });
    const s1 = engine.status.subscribe((s) => this.status.next(s));
    this.unsubscribers = [() => s1.unsubscribe(), pending.subscribe((n) => this.pendingCount.next(n))];
    engine.start();
    this.running = { session, db, engine, repo, pending };
    this.phase.next({ name: 'running', running: this.running });
  }

  private async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    this.running = null;
    this.unsubscribers.forEach((u) => u());
    await r.engine.stop();
    await r.db.close();
  }
}

export const runtime = new AppRuntime();
