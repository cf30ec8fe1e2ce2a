// Where the process is in its life: starting (migrating), ready, or draining (SIGTERM). /readyz answers from it, and
// the live streams hear when draining starts so devices reconnect to another instance.
export type Phase = 'starting' | 'ready' | 'draining';

export class Lifecycle {
  private current: Phase = 'starting';
  private readonly onDrain = new Set<() => void>();

  get phase(): Phase {
    return this.current;
  }

  ready(): void {
    if (this.current === 'starting') this.current = 'ready';
  }

  /** Starts draining once: every open live stream is told to reconnect elsewhere. */
  drain(): void {
    if (this.current === 'draining') return;
    this.current = 'draining';
    for (const f of [...this.onDrain]) f();
  }

  /** A live stream's hook; the returned function unhooks it when the stream ends. */
  whenDraining(f: () => void): () => void {
    if (this.current === 'draining') {
      queueMicrotask(f);
      return () => undefined;
    }
    this.onDrain.add(f);
    return () => this.onDrain.delete(f);
  }
}
