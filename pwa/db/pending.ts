// Counts the device's changes that have not reached the server yet, and remembers them across reloads.

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Every local write bumps a counter per record; a push clears it only if no newer write came in meanwhile. */
export class PendingChanges {
  private readonly writes: Map<string, number>;
  private readonly listeners = new Set<(count: number) => void>();

  constructor(
    private readonly storage: KeyValueStore,
    private readonly key: string,
  ) {
    let saved: [string, number][] = [];
    try {
      saved = JSON.parse(storage.getItem(key) ?? '[]') as [string, number][];
    } catch {
      saved = [];
    }
    this.writes = new Map(saved);
  }

  get count(): number {
    return this.writes.size;
  }

  /** Called for every record the user saves or deletes on the device. */
  markWritten(collection: string, id: string): void {
    const k = `${collection}:${id}`;
    this.writes.set(k, (this.writes.get(k) ?? 0) + 1);
    this.save();
  }

  /** Taken by the push handler before it sends, so it knows which writes its answer covers. */
  snapshot(collection: string, ids: readonly string[]): Map<string, number> {
    return new Map(ids.map((id) => [`${collection}:${id}`, this.writes.get(`${collection}:${id}`) ?? 0]));
  }

  /** Leaves records out of a snapshot (they were not sent after all). */
  static drop(snapshot: Map<string, number>, collection: string, ids: readonly string[]): void {
    for (const id of ids) snapshot.delete(`${collection}:${id}`);
  }

  /** Every counted write of one collection, to confirm once the collection is known to be in sync. */
  snapshotCollection(collection: string): Map<string, number> {
    return new Map([...this.writes].filter(([k]) => k.startsWith(`${collection}:`)));
  }

  /** The server took these: forget each record unless it was written again since the snapshot. */
  confirm(snapshot: Map<string, number>): void {
    let changed = false;
    for (const [k, n] of snapshot) {
      if ((this.writes.get(k) ?? 0) === n && this.writes.delete(k)) changed = true;
    }
    if (changed) this.save();
  }

  /** Forgets everything: only after the device's data was replaced (what waited was sent first). */
  clear(): void {
    this.writes.clear();
    this.save();
  }

  has(collection: string, id: string): boolean {
    return this.writes.has(`${collection}:${id}`);
  }

  subscribe(listener: (count: number) => void): () => void {
    this.listeners.add(listener);
    listener(this.count);
    return () => this.listeners.delete(listener);
  }

  private save(): void {
    this.storage.setItem(this.key, JSON.stringify([...this.writes]));
    for (const l of this.listeners) l(this.count);
  }
}

export class MemoryKeyValue implements KeyValueStore {
  private readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
}
