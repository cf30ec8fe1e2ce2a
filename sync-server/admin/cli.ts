// `npm run admin -- create-admin --login <login> [--name "Display name"]` and `npm run admin -- reset-password --login
// <login>`: the first administrator of a production database, and a way back in for a locked-out one. The password is
// read from standard input (one line), or asked for without echo on a terminal. Works on the configured database
// (DATABASE_URL, DATA_DIR), like the server.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { FIELD_CODES, type FieldIssue } from '../../shared/errors.ts';
import { PASSWORD_MIN } from '../../shared/passwords.ts';
import { readConfig } from '../config.ts';
import { openStore } from '../db/open.ts';
import { rootTerritory, seedOrganisation } from '../demo/organisation.ts';
import { AppError } from '../errors.ts';
import { COMMAND_LINE, createUser, setPassword } from './users.ts';

const USAGE = 'usage: npm run admin -- create-admin --login <login> [--name "Display name"] | reset-password --login <login>   (password on standard input)';

/** What a refused field means, in plain words for a terminal. */
const WORDS: Partial<Record<string, string>> = {
  [FIELD_CODES.PASSWORD_SYMBOL_START]: 'may not start with a non-alphanumeric character',
  [FIELD_CODES.PASSWORD_TOO_SHORT]: `must be at least ${PASSWORD_MIN} characters long`,
  [FIELD_CODES.PASSWORD_WEAK]: 'is too easy to guess (common, or built on the login or name)',
  [FIELD_CODES.LOGIN_TAKEN]: 'is already used by another user',
  [FIELD_CODES.NOT_IN_LIST]: 'is not allowed (letters, digits and . _ @ - only)',
  [FIELD_CODES.REQUIRED]: 'is required',
};

function fail(message: string): never {
  console.error(`admin: ${message}`);
  process.exit(1);
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.replace(/\r?\n$/, '');
  }
  // On a terminal: ask, and do not echo what is typed.
  const muted = new Writable({ write: (_c, _e, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stdout.write('Password: ');
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

const args = process.argv.slice(2);
const command = args[0];
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (command !== 'create-admin' && command !== 'reset-password') fail(USAGE);
const login = opt('login');
if (!login) fail(USAGE);

let config;
try {
  config = readConfig();
} catch (err) {
  fail(`cannot read the configuration: ${(err as Error).message}`);
}
const store = await openStore(config.databaseUrl);
try {
  // Under the start-up lock: a server starting meanwhile on the same database does not migrate at the same time.
  await store.withStartupLock(() => store.migrate());
  const password = await readPassword();
  if (command === 'create-admin') {
    await seedOrganisation(store);
    const user = await createUser(store, { login, displayName: opt('name') ?? login, password, profileId: 'p-admin', territoryId: await rootTerritory(store), role: 'admin' }, { actor: COMMAND_LINE, oneTime: false });
    console.log(`admin: created administrator "${user.login}" (${user.id}); sign in at the server's address.`);
  } else {
    const user = await store.findUserByLogin(login.trim().toLowerCase());
    if (!user) fail(`no user "${login}"`);
    await setPassword(store, user, password, { actor: COMMAND_LINE, oneTime: false });
    console.log(`admin: password of "${user.login}" changed${user.disabled ? ', account enabled again' : ''}; their sessions are signed out.`);
  }
} catch (err) {
  if (err instanceof AppError && err.issues?.length) fail(err.issues.map((i: FieldIssue) => `${i.field} ${WORDS[i.code] ?? i.code}`).join('; '));
  fail((err as Error).message);
} finally {
  await store.close();
}
