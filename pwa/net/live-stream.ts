// The live change stream: server-sent events read over fetch (one code path for browsers and Node), reconnecting with backoff.
import type { StreamEvent } from '../../shared/sync.ts';
import { SYNC_PATHS } from '../../shared/sync.ts';
import type { ApiClient } from './api.ts';

export interface StreamHandlers {
  /** Connected (again): the client should pull, it may have missed changes meanwhile. */
  onOpen(): void;
  onChange(event: StreamEvent): void;
  /** Lost the connection; it will retry by itself unless the session ended. */
  onDown(reason: 'network' | 'unauthorized'): void;
}

/**
 * The server writes at least a comment every 20 s (`PING_MS` in routes/sync.ts). A stream silent for longer than this
 * is dead even if no error came (a mobile link that stalls with no reset, a NAT that forgot the connection): it is
 * dropped and opened again, so the device does not sit "up to date" on a stream that will never bring a change.
 */
export const STREAM_SILENCE_MS = 50_000;

export class LiveStream {
  private abort: AbortController | null = null;
  private stopped = false;
  private retryMs = 1000;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The server ended the stream because the session was revoked: do not reconnect until signed in again. */
  private revoked = false;
  /** The server is shutting down and asked for a reconnect after this many ms (another instance will answer). */
  private moveAfter: number | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly handlers: StreamHandlers,
    private readonly silenceMs = STREAM_SILENCE_MS,
  ) {}

  start(): void {
    this.stopped = false;
    this.retryMs = 1000;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort?.abort();
  }

  /** Reconnect now (the network came back, or the user signed in again). */
  restart(): void {
    this.stop();
    this.start();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const abort = new AbortController();
    this.abort = abort;
    let reason: 'network' | 'unauthorized' = 'network';
    // Silence (no answer, then no byte) for longer than `silenceMs` ends this connection like an error would.
    let silence: ReturnType<typeof setTimeout> | undefined;
    let giveUp: (err: Error) => void = () => undefined;
    const dead = new Promise<never>((_, reject) => (giveUp = reject));
    dead.catch(() => undefined);
    /** Something came from the server on this connection: its silence starts again. */
    const heard = (): void => {
      clearTimeout(silence);
      silence = setTimeout(() => {
        abort.abort();
        giveUp(new Error('live stream silent'));
      }, this.silenceMs);
    };
    heard();
    try {
      const res = await Promise.race([this.api.stream(SYNC_PATHS.stream, abort.signal), dead]);
      heard();
      if (res.status === 401) reason = 'unauthorized';
      else if (res.ok && res.body) {
        this.retryMs = 1000;
        this.revoked = false;
        this.moveAfter = null;
        await this.read(res.body.getReader(), dead, heard);
        if (this.revoked) reason = 'unauthorized';
      }
    } catch {
      reason = 'network';
    } finally {
      clearTimeout(silence);
    }
    // A connection given up for silence was not stopped by us: it reconnects like after an error.
    if (abort.signal.aborted && this.stopped) return;
    if (this.moveAfter !== null && reason === 'network') {
      // A planned move, not an outage: no "offline" flicker; the next stream's hello makes the device pull.
      this.timer = setTimeout(() => void this.connect(), this.moveAfter);
      this.moveAfter = null;
      return;
    }
    this.handlers.onDown(reason);
    if (reason === 'unauthorized' || this.stopped) return;
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>, dead: Promise<never>, heard: () => void): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      // Raced: a read that ignores the abort must not keep a dead stream open either.
      const { done, value } = await Promise.race([reader.read(), dead]);
      if (done) return;
      heard();
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        this.dispatch(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
      }
    }
  }

  private dispatch(block: string): void {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (event === 'hello') this.handlers.onOpen();
    else if (event === 'revoked') this.revoked = true;
    else if (event === 'reconnect') {
      let after = 0;
      try {
        after = Number((JSON.parse(data) as { afterMs?: unknown }).afterMs) || 0;
      } catch {
        // no delay given: reconnect at once
      }
      this.moveAfter = Math.min(Math.max(0, after), 10_000);
    }
    else if (event === 'change') {
      try {
        this.handlers.onChange(JSON.parse(data) as StreamEvent);
      } catch {
        // A malformed event is dropped; the next hello or change makes the client pull anyway.
      }
    }
  }
}
