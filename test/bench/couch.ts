// The peer: pouchdb-server (CouchDB's protocol; CouchDB itself is not installable here), in memory, loaded with the same records.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityName } from '../../shared/entities/index.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { freePort } from '../chaos/server-process.ts';
import { ROOT, WORK } from './server.ts';

export class CouchPeer {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<CouchPeer> {
    const port = await freePort();
    // pouchdb-server writes its log and config into the working directory: give it its own.
    const cwd = join(WORK, `couch-${port}`);
    mkdirSync(cwd, { recursive: true });
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/pouchdb-server/bin/pouchdb-server'), '--in-memory', '--port', String(port), '--host', '127.0.0.1'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    process.on('exit', () => child.kill('SIGKILL'));
    const url = `http://127.0.0.1:${port}`;
    const end = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(url)).ok) break;
      } catch {
        if (Date.now() > end) throw new Error('pouchdb-server did not start');
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return new CouchPeer(url, child);
  }

  /** One database per collection (as RxDB's CouchDB plugin expects), filled through _bulk_docs. */
  async load(records: Partial<Record<EntityName, WireDoc[]>>): Promise<void> {
    for (const [entity, docs] of Object.entries(records) as [EntityName, WireDoc[]][]) {
      const db = `${this.url}/${entity}`;
      await fetch(db, { method: 'DELETE' });
      const put = await fetch(db, { method: 'PUT' });
      if (!put.ok) throw new Error(`pouchdb-server: PUT ${entity} ${put.status}`);
      for (let i = 0; i < docs.length; i += 2000) {
        const batch = docs.slice(i, i + 2000).map(({ id, _deleted: _d, ...rest }) => ({ _id: id, id, ...rest }));
        const res = await fetch(`${db}/_bulk_docs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ docs: batch }) });
        if (!res.ok) throw new Error(`pouchdb-server: _bulk_docs ${entity} ${res.status}`);
      }
    }
  }

  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
  }
}
