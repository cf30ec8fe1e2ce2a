// Entry point of the PWA: registers the service worker (a classic script, for old Safari) and mounts the shell.
// The polyfills for old phones come first, before any library module runs. The shell is imported dynamically, after
// them: desktop pages load as chunks of their own, so the bundler moves the modules they share with the shell (Lit,
// RxDB…) into a common chunk, and a static import of that chunk would run before this module's polyfills.
import './polyfills.ts';

void import('./app/fc-app.ts');

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => console.warn('[fieldcrm] service worker not registered', err));
  });
}
