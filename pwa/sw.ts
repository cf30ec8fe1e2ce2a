// The service worker: precaches the app shell so the app opens with no network; data never goes through it (RxDB holds it).
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

// The built files, with revisions injected at build time: a new build replaces them atomically.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every page navigation gets the cached shell, so a reload with no signal still opens the app; the API and sync
// paths are excluded because their answers must come from the server or fail visibly; so is the Outlook task pane,
// a page of its own that Outlook opens (its Office.js is never precached: the pane is online only).
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//, /^\/sync\//, /^\/outlook\.html/, /^\/office-js\//] }));

// A new version takes over at once: the shell is small and the data lives in IndexedDB, not in the page.
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
