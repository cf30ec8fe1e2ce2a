// Polyfills for the old phones FieldCRM supports (Safari 13.0 on iOS 13, Chrome 69 on Android 9-10), and only those
// the built bundle needs: pwa/main.ts imports this first, so they are in place before Lit, Dexie or RxDB load.
// Each installs itself only where the API is missing. The list must match POLYFILLS in pwa/build/legacy-policy.ts;
// test/browser/legacy-apis.test.ts checks that, lints the built files against it, and runs the app without them.

// globalThis: Chrome 69-70 lack it (Chrome 71; Safari 12.1 has it). Lit reads it as its modules load.
import 'core-js/modules/es.global-this.js';
// Promise.allSettled: Chrome 69-75 lack it (Chrome 76; Safari 13.0 has it). RxDB's replication calls it to start.
import 'core-js/modules/es.promise.all-settled.js';

// queueMicrotask: Chrome 69-70 lack it (Chrome 71; Safari 12.1 has it). Dexie 4 calls it unguarded to schedule its
// zone "echoes", which must each be a microtask of their own, in order with native promise jobs. core-js's version
// runs every queued callback in one MutationObserver tick, and Dexie then never finishes opening the database. So:
// one job per callback on the native Promise, taken now (Dexie swaps window.Promise while it runs a transaction).
if (typeof queueMicrotask !== 'function') {
  const resolved = Promise.resolve();
  const then = Promise.prototype.then;
  const rethrow = (err: unknown): void => {
    // As the native one does: the error reaches window.onerror, and the queue goes on.
    setTimeout(() => {
      throw err;
    });
  };
  Object.defineProperty(self, 'queueMicrotask', {
    configurable: true,
    enumerable: true,
    writable: true,
    value: function queueMicrotask(callback: VoidFunction): void {
      if (typeof callback !== 'function') throw new TypeError('queueMicrotask: the argument is not a function');
      then.call(resolved, () => callback()).then(undefined, rethrow);
    },
  });
}
