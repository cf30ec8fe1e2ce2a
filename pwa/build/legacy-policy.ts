// What FieldCRM does about each API the old phones lack: the polyfills it ships (imported by pwa/polyfills.ts, and
// injected into the service worker by vite.config.ts), and the uses it accepts with the reason they are safe.
// test/browser/legacy-apis.test.ts holds the built files to this; docs/decisions/0006-old-phones.md explains it.
import type { Allowance, BrowserTarget } from './legacy-apis.ts';

/** Safari 13.0 (iOS 13) and Chrome 69 (Android 9 WebView): the same as `build.target` in vite.config.ts. */
export const OLD_PHONES: BrowserTarget = { safari: '13.0', chrome: 69 };

export interface Polyfill {
  /** LegacyApi.name of what it provides. */
  api: string;
  /**
   * The core-js module, imported on its own (what Babel's `useBuiltIns: 'usage'` would inject), not an entry point
   * that drags in more: `core-js/actual/promise/all-settled` would also replace the whole Promise where core-js finds
   * it lacking, and Dexie must keep the native one. Absent: written by hand in pwa/polyfills.ts (`why` says why).
   */
  module?: string;
  /** Which bundle needs it: the page (pwa/polyfills.ts) and/or the service worker (injected by vite.config.ts). */
  into: readonly ('app' | 'sw')[];
  why: string;
}

export const POLYFILLS: readonly Polyfill[] = [
  {
    api: 'globalThis',
    module: 'core-js/modules/es.global-this.js',
    into: ['app'],
    why: 'Chrome 69-70 lack it (Chrome 71, Safari 12.1); Lit reads globalThis when its modules load, and Dexie keeps its instance there',
  },
  {
    api: 'queueMicrotask',
    into: ['app'],
    why:
      "Chrome 69-70 lack it (Chrome 71, Safari 12.1); Dexie 4 calls it unguarded for its zone 'echoes', which must each be their own microtask in order with native promise jobs. core-js's version runs all queued callbacks in one MutationObserver tick and Dexie then never finishes opening the database (seen in test/browser/legacy-apis.test.ts), so it is hand-written: one native promise job per callback",
  },
  {
    api: 'Promise.allSettled',
    module: 'core-js/modules/es.promise.all-settled.js',
    into: ['app', 'sw'],
    why: 'Chrome 69-75 lack it (Chrome 76, Safari 13.0); RxDB replication start and Workbox 7 StrategyHandler.doneWaiting (every precache and navigation in sw.js) call it unguarded',
  },
];

/** The names of the APIs our polyfills provide in one bundle. */
export function polyfilledIn(bundle: 'app' | 'sw'): Set<string> {
  return new Set(POLYFILLS.filter((p) => p.into.includes(bundle)).map((p) => p.api));
}

/**
 * Uses of missing APIs that are safe although the lint cannot see the check. `near` pins each to its place in the
 * minified code (text within 300 characters of the use); an entry that matches nothing fails the test, so the list
 * cannot go stale silently.
 */
export const ALLOWLIST: readonly Allowance[] = [
  {
    api: 'ResizeObserver',
    near: 'virtualizerRef',
    reason:
      '@lit-labs/virtualizer reads window.ResizeObserver as a value when it loads (undefined on Safari 13.0-13.3) and only constructs one in a virtualizer; fc-record-list renders no virtualizer before loadPolyfillIfNeeded() has provided its bundled polyfill (a chunk loaded only where ResizeObserver is missing; decision 0030)',
  },
  {
    api: 'BroadcastChannel',
    near: 'messagesCallback',
    reason:
      'broadcast-channel (RxDB multi-instance): the native method\'s create() runs only when chooseMethod() picked it, which it does only if its canBeUsed() passes (typeof BroadcastChannel === "function"); Safari 13 gets the IndexedDB method instead',
  },
  {
    api: 'navigator.locks (Web Locks)',
    near: '_wKMC',
    reason:
      'broadcast-channel: LeaderElectionWebLock (its web-lock controller map is `_wKMC`) is only constructed when supportsWebLockAPI() (typeof navigator.locks.request === "function"); Safari 13 gets the message-based LeaderElection. Chrome 69 has Web Locks',
  },
];
