// After `tsc -p tsconfig.server.json`: copies the server's files that are not code (migrations, mail-merge samples, the
// demo certificate, the installer's base package) beside the compiled modules that read them by their own location.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../config.ts';

const out = join(ROOT, process.argv[2] ?? 'dist-server', 'sync-server');
cpSync(join(ROOT, 'sync-server'), out, { recursive: true, filter: (src) => !src.endsWith('.ts') });
console.log(`[fieldcrm] server assets copied to ${out}`);
