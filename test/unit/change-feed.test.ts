// The change feed's loop on a fake source: it hands on others' changes and events (not its own), outlives a failed
// poll, backs off when idle, and writes this instance's revocations and nudges in order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StreamEvent } from '../../shared/sync.ts';
import type { FeedPage, ServerEvent } from '../../sync-server/db/store.ts';
import { ChangeBus } from '../../sync-server/events.ts';
import { ChangeFeed, type FeedSource } from '../../sync-server/feed/change-feed.ts';

function fakeSource() {
  const state = { head: 10, calls: 0, failNext: false, pages: [] as FeedPage[], appended: [] as ServerEvent[] };
  const source: FeedSource = {
    dialect: 'sqlite',
    feedHead: async () => state.head,
    changesSince: async (after) => {
      state.calls++;
      if (state.failNext) {
        state.failNext = false;
        throw new Error('database is locked');
      }
      const page = state.pages.shift();
      return page ?? { head: after, changes: [], events: [] };
    },
    appendEvent: async (e) => void state.appended.push(e),
    pruneEvents: async () => 0,
  };
  return { state, source };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const at = new Date().toISOString();

test('others\' changes and events reach the local streams; its own events do not; a failed poll changes nothing', async () => {
  const { state, source } = fakeSource();
  const bus = new ChangeBus();
  const heard: StreamEvent[] = [];
  bus.subscribe((e) => heard.push(e));
  const revoked: string[] = [];
  bus.onRevoke('u-1', () => revoked.push('u-1'));
  bus.onRevoke('u-2', () => revoked.push('u-2'));
  const feed = new ChangeFeed(source, bus, { instanceId: 'me', minMs: 5, maxMs: 20 });
  await feed.start();
  state.failNext = true;
  await feed.poll();
  state.pages.push({
    head: 12,
    changes: [{ collection: 'company', seq: 12 }],
    events: [
      { kind: 'revoke', userId: 'u-1', keep: '', origin: 'other', createdAt: at },
      { kind: 'revoke', userId: 'u-2', keep: '', origin: 'me', createdAt: at },
      { kind: 'nudge', collection: 'person', origin: 'other', createdAt: at },
    ],
  });
  await feed.poll();
  assert.equal(heard, [{ collection: 'company', seq: 12 }, { collection: 'person', seq: 0 }]);
  assert.equal(revoked, ['u-1']);
  // This instance announced seq 13 itself (SQLite: commit order): the feed does not announce it again.
  bus.publish({ collection: 'note', seq: 13 });
  state.pages.push({ head: 13, changes: [{ collection: 'note', seq: 13 }], events: [] });
  await feed.poll();
  assert.is(heard.filter((e) => e.collection === 'note').length, 1);
  await feed.stop();
});

test('idle, the feed backs off to its longest interval; local revocations and nudges are written in order', async () => {
  const { state, source } = fakeSource();
  const bus = new ChangeBus();
  const feed = new ChangeFeed(source, bus, { instanceId: 'me', minMs: 5, maxMs: 40 });
  await feed.start();
  const before = state.calls;
  await sleep(400);
  const polls = state.calls - before;
  // At 5 ms it would poll ~80 times; backing off to 40 ms, a dozen or so.
  assert.ok(polls >= 2 && polls <= 20, `${polls} polls in 400 ms`);
  bus.publish({ collection: 'company', seq: 0 });
  bus.revoke('u-9', 'keep-me');
  bus.revokeSession('u-9', 'only-this');
  await feed.stop();
  assert.equal(
    state.appended.map((e) => (e.kind === 'nudge' ? `nudge ${e.collection}` : e.kind === 'revoke' ? `revoke ${e.userId} ${e.keep}` : `revoke-one ${e.userId} ${e.tokenHash}`)),
    ['nudge company', 'revoke u-9 keep-me', 'revoke-one u-9 only-this'],
  );
  assert.ok(state.appended.every((e) => e.origin === 'me'));
});

test.run();
