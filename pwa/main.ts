// Entry point of the PWA: registers the service worker (a classic script, for old Safari) and mounts the shell.
// The polyfills for old phones come first, before any library module runs.
import './polyfills.ts';
import './app/fc-app.ts';

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => console.warn('[fieldcrm] service worker not registered', err));
  });
}
