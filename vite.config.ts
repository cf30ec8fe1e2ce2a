// Builds the PWA from pwa/ into dist/: old-phone targets, the Workbox service worker (injectManifest) and the manifest.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { POLYFILLS } from './pwa/build/legacy-policy.ts';
import { rewriteBigIntLiterals } from './pwa/build/legacy-syntax.ts';
import { withGapFallbacks } from './pwa/build/gap-fallback.ts';

/** Safari 13 (iOS 13) and Chrome 69 (the oldest Android 9 WebView we meet) must parse every file we ship. */
const TARGET = ['safari13', 'chrome69'];

function legacyBigInt(): Plugin {
  return {
    name: 'fieldcrm-legacy-bigint',
    apply: 'build',
    renderChunk(code) {
      const { code: out, count } = rewriteBigIntLiterals(code);
      return count ? { code: out, map: null } : null;
    },
  };
}

/** Flex `gap` fallbacks for Safari 13 and old WebViews, appended to each component's css`…` (pwa/build/gap-fallback.ts). */
function flexGapFallback(): Plugin {
  const pwa = fileURLToPath(new URL('./pwa/', import.meta.url));
  return {
    name: 'fieldcrm-flex-gap-fallback',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0] ?? '';
      if (!file.startsWith(pwa) || !file.endsWith('.ts') || !code.includes('gap')) return null;
      const { code: out, count } = withGapFallbacks(code);
      return count ? { code: out, map: null } : null;
    },
  };
}

/**
 * The service worker's polyfills (POLYFILLS marked 'sw': Workbox 7 calls Promise.allSettled, which Chrome 69-75 lack),
 * imported ahead of pwa/sw.ts's own code in the service-worker build. The page gets its own from pwa/polyfills.ts.
 */
function swPolyfills(): Plugin {
  const sw = fileURLToPath(new URL('./pwa/sw.ts', import.meta.url));
  const imports = POLYFILLS.filter((p) => p.into.includes('sw'))
    .map((p) => {
      if (!p.module) throw new Error(`${p.api}: a service-worker polyfill must be a module`);
      return `import ${JSON.stringify(p.module)};\n`;
    })
    .join('');
  return {
    name: 'fieldcrm-sw-polyfills',
    enforce: 'pre',
    transform(code, id) {
      return id.split('?')[0] === sw ? { code: imports + code, map: null } : null;
    },
  };
}

export default defineConfig({
  root: 'pwa',
  publicDir: '../public',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: TARGET,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    // The app, and the Outlook add-in's task pane (a page of its own: it needs neither RxDB nor the shell).
    rollupOptions: { input: { main: fileURLToPath(new URL('./pwa/index.html', import.meta.url)), outlook: fileURLToPath(new URL('./pwa/outlook.html', import.meta.url)) } },
  },
  plugins: [
    legacyBigInt(),
    flexGapFallback(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.ts',
      injectRegister: false,
      injectManifest: {
        // Old Safari does not run module service workers: emit a classic script.
        rollupFormat: 'iife',
        target: TARGET,
        buildPlugins: { vite: [swPolyfills()] },
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        // The Outlook task pane is a page of its own, online only, opened by Outlook: devices need none of it.
        globIgnores: ['outlook.html', 'assets/outlook-*.js', 'assets/fc-outlook-pane-*.js'],
      },
      manifest: {
        name: 'FieldCRM',
        short_name: 'FieldCRM',
        description: 'The CRM that works with no signal.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f5f6f8',
        theme_color: '#12385f',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
});
