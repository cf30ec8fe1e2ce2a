// The files of one drop: refused before sending by the limits, then sent two at a time, each with its own progress and
// result; one failure stops no other file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_DOCUMENT_SETTINGS, type DocumentInfo } from '../../shared/documents.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { percent, planUploads, runUploads } from '../../pwa/features/documents/upload-queue.ts';

const S = { ...DEFAULT_DOCUMENT_SETTINGS, maxFileBytes: 1000 };

test('the plan: each file an item, e-mails known by their extension, refused ones never sent', () => {
  const items = planUploads(
    [
      { name: 'plan.png', size: 10 },
      { name: 'Mail.EML', size: 10 },
      { name: 'big.pdf', size: 5000 },
      { name: 'setup.exe', size: 10 },
      { name: 'empty.txt', size: 0 },
    ],
    S,
  );
  assert.equal(
    items.map((i) => [i.name, i.email, i.state, i.code ?? null]),
    [
      ['plan.png', false, 'waiting', null],
      ['Mail.EML', true, 'waiting', null],
      ['big.pdf', false, 'refused', ERROR_CODES.DOC_TOO_LARGE],
      ['setup.exe', false, 'refused', ERROR_CODES.DOC_TYPE_REFUSED],
      ['empty.txt', false, 'refused', ERROR_CODES.DOC_EMPTY],
    ],
  );
  assert.ok(items[1]!.key > items[0]!.key);
});

test('sending: at most two at a time, progress per file, a failure kept on its own row', async () => {
  const items = planUploads(['a', 'b', 'c', 'd'].map((n) => ({ name: `${n}.txt`, size: 100 })), S);
  let running = 0;
  let most = 0;
  const seen: number[] = [];
  await runUploads(
    items,
    async (i, progress) => {
      running++;
      most = Math.max(most, running);
      progress(50);
      seen.push(percent(items[i]!));
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (i === 2) throw new Error('refused by the server');
      return { id: `d${i}` } as DocumentInfo;
    },
    (err) => ({ error: (err as Error).message }),
    () => undefined,
  );
  assert.is(most, 2);
  assert.equal(seen, [50, 50, 50, 50]);
  assert.equal(items.map((i) => i.state), ['done', 'done', 'failed', 'done']);
  assert.is(items[2]!.error, 'refused by the server');
  assert.equal(items.map((i) => percent(i)), [100, 100, 50, 100]);
});

test.run();
