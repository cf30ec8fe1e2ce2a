// The documents folder: where files live outside the database (beside it by default), their temporary uploads, and reading them back checked.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Temporary uploads older than this are left over from a crash (uploads take minutes at most): removed at start. */
const STALE_UPLOAD_MS = 24 * 3600_000;

export class DocumentFolder {
  /** Uploads arrive here first: the same file system as the documents, so moving one into place is an atomic rename. */
  readonly incoming: string;

  constructor(readonly root: string) {
    this.incoming = join(root, 'incoming');
    mkdirSync(this.incoming, { recursive: true, mode: 0o700 });
  }

  /** A document's file: `<root>/<first two characters of its id>/<id>` (ids are UUIDs: 256 folders at most). */
  pathOf(id: string): string {
    if (!/^[A-Za-z0-9-]{8,40}$/.test(id)) throw new Error(`not a document id: ${id.slice(0, 40)}`);
    return join(this.root, id.slice(0, 2), id);
  }

  /** Moves a received upload into place (synchronous: it runs inside the database transaction that files it). */
  moveIn(tempPath: string, id: string): string {
    const target = this.pathOf(id);
    mkdirSync(join(this.root, id.slice(0, 2)), { recursive: true, mode: 0o700 });
    renameSync(tempPath, target);
    return target;
  }

  /** Removes a document's file; a file already gone is fine. */
  remove(id: string): void {
    try {
      unlinkSync(this.pathOf(id));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  /** Removes uploads a crash left behind (never a running one: only those older than a day). */
  sweep(now = Date.now()): number {
    let n = 0;
    for (const name of readdirSync(this.incoming)) {
      const path = join(this.incoming, name);
      try {
        if (now - statSync(path).mtimeMs > STALE_UPLOAD_MS) {
          rmSync(path, { force: true });
          n++;
        }
      } catch {
        // Gone meanwhile.
      }
    }
    return n;
  }

  /** The SHA-256 of a document's file as it is now, or null when the file is missing. */
  async hashOf(id: string): Promise<string | null> {
    const hash = createHash('sha256');
    try {
      for await (const chunk of createReadStream(this.pathOf(id))) hash.update(chunk as Buffer);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return hash.digest('hex');
  }

  /** The file's bytes as a web stream (sent as they are read). */
  stream(id: string): ReadableStream<Uint8Array> {
    const node = createReadStream(this.pathOf(id));
    return new ReadableStream<Uint8Array>({
      start(controller) {
        node.on('data', (chunk) => {
          controller.enqueue(new Uint8Array(chunk as Buffer));
          if ((controller.desiredSize ?? 1) <= 0) node.pause();
        });
        node.on('end', () => controller.close());
        node.on('error', (err) => controller.error(err));
      },
      pull() {
        node.resume();
      },
      cancel() {
        node.destroy();
      },
    });
  }
}
