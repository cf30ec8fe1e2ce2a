// Reads a live stream (SSE) the way a device does, keeping its events for a test to wait on.
export interface SseClient {
  events: { event: string; data: string; at: number }[];
  /** Resolves when the stream ends (the server closed it). */
  ended: Promise<void>;
  close(): void;
}

export async function openStream(url: string, token: string): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(`${url}/sync/stream`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`stream: ${res.status}`);
  const events: SseClient['events'] = [];
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += value;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: ?(.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: /^data: ?(.*)$/m.exec(block)?.[1] ?? '', at: Date.now() });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  // The server greets every stream first: after "hello" it is subscribed.
  const until = Date.now() + 10_000;
  while (!events.some((e) => e.event === 'hello')) {
    if (Date.now() > until) throw new Error('stream: no hello');
    await new Promise((r) => setTimeout(r, 10));
  }
  return { events, ended, close: () => abort.abort() };
}
