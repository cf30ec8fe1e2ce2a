// Entry point of the PWA: registers the service worker (a classic script, for old Safari) and mounts the shell.
// The polyfills for old phones come first, before any library module runs. The shell is imported dynamically, after
// them: desktop pages load as chunks of their own, so the bundler moves the modules they share with the shell (Lit,
// RxDB…) into a common chunk, and a static import of that chunk would run before this module's polyfills.
import './polyfills.ts';

// The user's language is loaded before the shell renders (French is a chunk of its own), so no English flashes first.
void import('./i18n/index.ts')
  .then((i18n) => i18n.loadLocale(i18n.initialLocale()))
  .catch(() => undefined) // not loaded (offline, never cached): English until the next start
  .then(() => import('./app/fc-app.ts'));

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => console.warn('[fieldcrm] service worker not registered', err));
  });
}
