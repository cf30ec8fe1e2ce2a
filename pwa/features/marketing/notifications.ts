// The signed-in user's notifications (e.g. the outcome of a MailChimp send): read from the server's per-user set
// with the sync protocol's pull, kept on the device for offline reading, marked read with a push of their status.
import { BehaviorSubject } from 'rxjs';
import type { NotificationRecord } from '../../../shared/entities/index.ts';
import type { SendOutcome } from '../../../shared/marketing.ts';
import type { PullResponse } from '../../../shared/sync.ts';

export type { SendOutcome };
import { runtime } from '../../app/runtime.ts';

const CACHE = 'fieldcrm.notifications';
const KEEP = 50;

export function outcomeOf(n: NotificationRecord): SendOutcome | null {
  try {
    return n.kind === 'mailchimp' ? (JSON.parse(n.body) as SendOutcome) : null;
  } catch {
    return null;
  }
}

class NotificationCenter {
  readonly items = new BehaviorSubject<NotificationRecord[]>([]);
  private userId = '';
  private seq = 0;
  private loading: Promise<void> | null = null;

  /** Starts (or switches user): cached ones at once, then the server's. */
  use(userId: string): void {
    if (userId === this.userId) return;
    this.userId = userId;
    this.seq = 0;
    try {
      const cached = JSON.parse(localStorage.getItem(`${CACHE}.${userId}`) ?? '{}') as { seq?: number; items?: NotificationRecord[] };
      this.seq = cached.seq ?? 0;
      this.items.next(cached.items ?? []);
    } catch {
      this.items.next([]);
    }
    void this.refresh();
  }

  async refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<void> {
    if (!this.userId) return;
    try {
      const byId = new Map(this.items.value.map((n) => [n.id, n]));
      for (;;) {
        const page = await runtime.api.get<PullResponse>(`/sync/notification/pull?seq=${this.seq}&limit=200`);
        for (const d of page.documents as unknown as (NotificationRecord & { _deleted?: boolean })[]) {
          if (d._deleted) byId.delete(d.id);
          else byId.set(d.id, d);
        }
        this.seq = page.checkpoint.seq;
        if (page.remaining === 0 || page.documents.length === 0) break;
      }
      const items = [...byId.values()].sort((a, b) => b.happenedAt.localeCompare(a.happenedAt)).slice(0, KEEP);
      this.items.next(items);
      localStorage.setItem(`${CACHE}.${this.userId}`, JSON.stringify({ seq: this.seq, items }));
    } catch {
      // Offline: the cached ones stay.
    }
  }

  async markRead(id: string): Promise<void> {
    const n = this.items.value.find((x) => x.id === id);
    if (!n || n.status === 'read') return;
    const next = { ...n, status: 'read' as const };
    this.items.next(this.items.value.map((x) => (x.id === id ? next : x)));
    try {
      await runtime.api.post('/sync/notification/push', [{ assumedMasterState: { ...n, _deleted: false }, newDocumentState: { ...next, _deleted: false } }]);
    } catch {
      // Offline: it shows as read here, and is marked on the server the next time.
    }
  }
}

export const notifications = new NotificationCenter();
