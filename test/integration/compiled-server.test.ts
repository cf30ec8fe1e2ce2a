// The server in production runs compiled JavaScript (tsconfig.server.json → dist-server/) with no TypeScript loader,
// and every package it imports at run time is a production dependency (build tools are devDependencies).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../../sync-server/config.ts';
import { freePort } from '../chaos/server-process.ts';

const OUT = join(ROOT, 'dist-server');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

test('npm run build:server compiles the server; it starts with plain node and answers /readyz; its imports are dependencies', async () => {
  const build = spawnSync('npm', ['run', 'build:server'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(build.status, 0, `${build.stdout}${build.stderr}`);
  const js = files(OUT).filter((f) => f.endsWith('.js'));
  assert.ok(js.some((f) => f.endsWith(join('sync-server', 'main.js'))));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const bare = new Set<string>();
  for (const f of js) {
    const text = readFileSync(f, 'utf8');
    assert.not.match(text, /from '\.[^']*\.ts'/, `${f} imports a .ts file`);
    for (const m of text.matchAll(/(?:from |import\()'([^.'][^']*)'/g)) if (!m[1]!.startsWith('node:')) bare.add(/^(@[^/]+\/[^/]+|[^/]+)/.exec(m[1]!)![1]!);
  }
  for (const name of bare) assert.ok(pkg.dependencies[name], `${name} is imported at run time but is not in "dependencies"`);

  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-compiled-'));
  const port = await freePort();
  const child = spawn(process.execPath, [join(OUT, 'sync-server', 'main.js')], {
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${join(dir, 'c.db')}`, DEMO_DATA: 'off', STATIC_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    const end = Date.now() + 60_000;
    let ready = false;
    while (!ready && Date.now() < end && child.exitCode === null) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (!ready) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(ready, out);
    assert.match(out, /listening at/);
    child.kill('SIGTERM');
    assert.is(await exited, 0, out);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
