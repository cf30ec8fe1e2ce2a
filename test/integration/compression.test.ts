// Pull answers are compressed when the client asks (Accept-Encoding), streamed, and identical once decoded; a client
// that does not ask (an old device, a script) gets the same JSON as before; the change stream is never compressed.
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';
import { readPullAnswer, type PullAnswer } from '../../shared/sync.ts';

const t = suite<{ server: TestServer; token: string }>('compressed pulls');

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 300 });
  ctx.token = await signIn(ctx.server.url, 'admin');
});
t.after(async ({ server }) => server.close());

/** A raw GET (node:http does not decode), its headers and undecoded body; stops after `maxBytes` for endless streams. */
function raw(url: string, headers: Record<string, string>, maxBytes = Infinity): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer; status: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      let n = 0;
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        n += c.length;
        if (n >= maxBytes) {
          req.destroy();
          resolve({ headers: res.headers, body: Buffer.concat(chunks), status: res.statusCode ?? 0 });
        }
      });
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks), status: res.statusCode ?? 0 }));
      res.on('error', reject);
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.end();
  });
}

t('a pull asked with gzip comes gzipped, streamed, and decodes to what an old device gets uncompressed', async ({ server, token }) => {
  const url = `${server.url}/sync/company/pull?seq=0&limit=1000`;
  const auth = { authorization: `Bearer ${token}` };
  const plain = await raw(url, auth);
  assert.is(plain.status, 200);
  assert.is(plain.headers['content-encoding'], undefined, 'no Accept-Encoding, no compression');
  const page = JSON.parse(plain.body.toString('utf8')) as { documents: { id: string }[]; seqs: number[]; checkpoint: { seq: number }; remaining: number };
  assert.is(page.documents.length, 300);
  assert.is(page.seqs.length, 300);
  assert.is(page.remaining, 0);

  const gz = await raw(url, { ...auth, 'accept-encoding': 'gzip, deflate' });
  assert.is(gz.headers['content-encoding'], 'gzip');
  assert.is(gz.headers['content-length'], undefined, 'streamed, not buffered to a length');
  assert.is(gz.headers['transfer-encoding'], 'chunked');
  assert.match(String(gz.headers.vary), /accept-encoding/i);
  assert.equal(JSON.parse(gunzipSync(gz.body).toString('utf8')), page);
  // The demo records are repetitive, like real ones: far under the 100 bytes per record the wire target allows.
  assert.ok(gz.body.length / 300 < 100, `${(gz.body.length / 300).toFixed(1)} bytes per record`);
  assert.ok(gz.body.length * 4 < plain.body.length, `${gz.body.length} gzipped against ${plain.body.length}`);

  const deflated = await raw(url, { ...auth, 'accept-encoding': 'deflate' });
  assert.is(deflated.headers['content-encoding'], 'deflate');
  assert.equal(JSON.parse(inflateSync(deflated.body).toString('utf8')), page);
});

t('an empty page and a resync answer are the same JSON streamed or not', async ({ server, token }) => {
  const auth = { authorization: `Bearer ${token}` };
  const empty = await raw(`${server.url}/sync/company/pull?seq=999999999&limit=10`, { ...auth, 'accept-encoding': 'gzip' });
  const body = JSON.parse((empty.headers['content-encoding'] === 'gzip' ? gunzipSync(empty.body) : empty.body).toString('utf8')) as Record<string, unknown>;
  assert.equal(body.documents, []);
  assert.equal(body.seqs, []);
  assert.is(body.remaining, 0);
});

t('the change stream is never compressed (events must not wait in a compressor)', async ({ server, token }) => {
  const s = await raw(`${server.url}/sync/stream`, { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' }, 10);
  assert.match(String(s.headers['content-type']), /text\/event-stream/);
  assert.is(s.headers['content-encoding'], undefined);
  assert.match(s.body.toString('utf8'), /^event: hello/);
});

t('a client that accepts Brotli (every browser) gets it: streamed, the same JSON decoded, fewer bytes than gzip', async ({ server, token }) => {
  const url = `${server.url}/sync/person/pull?seq=0&limit=1000`;
  const auth = { authorization: `Bearer ${token}` };
  const plain = await raw(url, auth);
  const gz = await raw(url, { ...auth, 'accept-encoding': 'gzip, deflate' });
  const br = await raw(url, { ...auth, 'accept-encoding': 'gzip, deflate, br, zstd' });
  assert.is(br.headers['content-encoding'], 'br');
  assert.is(br.headers['content-length'], undefined, 'streamed');
  assert.match(String(br.headers.vary), /accept-encoding/i);
  assert.equal(JSON.parse(brotliDecompressSync(br.body).toString('utf8')), JSON.parse(plain.body.toString('utf8')));
  assert.ok(br.body.length < gz.body.length, `brotli ${br.body.length} bytes against gzip ${gz.body.length}`);
  // Refused with q=0, it is not used; the change stream is never compressed, whatever is accepted.
  assert.is((await raw(url, { ...auth, 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding'], 'gzip');
  const stream = await raw(`${server.url}/sync/stream`, { ...auth, 'accept-encoding': 'br' }, 1);
  assert.is(stream.headers['content-encoding'], undefined);
});

t('a page asked as columns decodes to the same documents, streamed, in fewer bytes compressed', async ({ server, token }) => {
  const auth = { authorization: `Bearer ${token}`, 'accept-encoding': 'br' };
  for (const entity of ['company', 'person', 'communication']) {
    const rows = await raw(`${server.url}/sync/${entity}/pull?seq=0&limit=1000`, auth);
    const cols = await raw(`${server.url}/sync/${entity}/pull?seq=0&limit=1000&form=columns`, auth);
    assert.is(cols.status, 200);
    assert.is(cols.headers['content-length'], undefined, 'streamed');
    assert.is(cols.headers['fieldcrm-count'], rows.headers['fieldcrm-count']);
    const asRows = JSON.parse(brotliDecompressSync(rows.body).toString('utf8')) as PullAnswer;
    const asCols = JSON.parse(brotliDecompressSync(cols.body).toString('utf8')) as PullAnswer;
    assert.is(asCols.documents, undefined);
    assert.ok(asCols.columns && Array.isArray(asCols.columns.id), `${entity}: columns`);
    assert.equal(readPullAnswer(asCols), readPullAnswer(asRows), entity);
    assert.ok(cols.body.length < rows.body.length * 0.9, `${entity}: ${cols.body.length} bytes as columns against ${rows.body.length}`);
  }
  // Unknown forms are refused with their own code; the default is documents.
  const bad = await raw(`${server.url}/sync/company/pull?seq=0&limit=10&form=csv`, { authorization: `Bearer ${token}` });
  assert.is(bad.status, 400);
  assert.match(bad.body.toString('utf8'), /FC-REQ-008/);
  const empty = await raw(`${server.url}/sync/company/pull?seq=999999999&limit=10&form=columns`, { authorization: `Bearer ${token}` });
  assert.equal(readPullAnswer(JSON.parse(empty.body.toString('utf8')) as PullAnswer).documents, []);
});

t.run();
