// Security headers on every answer (pages, API, problems, static files): what the browser may load, frame and send.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { OUTLOOK_PANE_PATH } from '../../shared/outlook.ts';
import { clientOf } from './client.ts';

/**
 * The page loads only its own scripts, never eval. Styles allow 'unsafe-inline' because Lit falls back to
 * <style> elements where constructable stylesheets are missing (Safari 13), and index.html has one inline
 * <style>; an injected style cannot run code. Images may be data:/blob: URLs (icons, dropped files).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * A merged document (a quote printed from a template) opened in its own tab: no script at all (`sandbox` without
 * allow-scripts, and no script source), inline styles and images only. Its values were escaped when merged; this
 * holds even for markup a template's author wrote.
 */
export const DOCUMENT_CONTENT_SECURITY_POLICY = ["default-src 'none'", "style-src 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:", "frame-ancestors 'self'", 'sandbox allow-modals allow-popups allow-same-origin'].join('; ');

/**
 * Outlook on the web and new Outlook show an add-in's task pane in a frame of their own page: the pane (and only the
 * pane) may be framed by them. Classic Outlook opens it in a window of its own. An on-premises Exchange serving Outlook
 * on the web from its own address adds it with OUTLOOK_FRAME_ANCESTORS (space-separated origins).
 */
export const OUTLOOK_FRAME_ANCESTORS = ['https://outlook.office.com', 'https://outlook.office365.com', 'https://outlook.live.com', 'https://outlook.cloud.microsoft', 'https://*.officeapps.live.com'];

export function paneContentSecurityPolicy(extra = process.env.OUTLOOK_FRAME_ANCESTORS ?? ''): string {
  const ancestors = ["'self'", ...OUTLOOK_FRAME_ANCESTORS, ...extra.split(/\s+/).filter((o) => /^https:\/\/[A-Za-z0-9.*:-]+$/.test(o))];
  return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", `frame-ancestors ${ancestors.join(' ')}`);
}


export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  // Never guess a type: an uploaded or stored text must not turn into a script or a page.
  'X-Content-Type-Options': 'nosniff',
  // frame-ancestors says it for current browsers; this says it for old ones.
  'X-Frame-Options': 'DENY',
  // Record ids sit in the URL (#/company/…): send no more than the origin to other sites.
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // The CRM needs none of these; a script injected somehow cannot ask for them either.
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  // No other window (a link's target, a pop-up) gets a handle on ours.
  'Cross-Origin-Opener-Policy': 'same-origin',
  // Our answers are for our own pages only.
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** HTTPS only for a year. Sent only over HTTPS: over plain HTTP it would be ignored, and it would break a LAN test setup. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/**
 * A stored document's bytes (routes/documents.ts) carry their own, stricter policy: a sandbox with nothing allowed to
 * run, and, for an image or PDF preview, framing by our own page only. Everything else keeps the app's.
 */
const OWN_FRAME_POLICY = /^\/api\/documents\/[^/]+\/(content|preview)$/;

export function securityHeaders(proxies: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const headers = { ...SECURITY_HEADERS, ...(clientOf(c, proxies).https ? { 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY } : {}) };
    // Before: an error thrown below skips the code after next(), but its problem body is built with these.
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    await next();
    const own = c.res.ok && OWN_FRAME_POLICY.test(c.req.path);
    if (c.req.path === OUTLOOK_PANE_PATH) {
      // Same policy as every page, but Outlook may frame it (X-Frame-Options cannot name another origin: left out).
      for (const [name, value] of Object.entries(headers)) if (name !== 'Content-Security-Policy' && name !== 'X-Frame-Options') c.header(name, value);
      c.header('Content-Security-Policy', paneContentSecurityPolicy());
      c.res.headers.delete('X-Frame-Options');
      return;
    }
    // After: answers built as a whole Response (static files) did not see them. A merged document keeps its stricter policy.
    for (const [name, value] of Object.entries(headers)) {
      if (own && (name === 'Content-Security-Policy' || name === 'X-Frame-Options')) continue;
      if (name === 'Content-Security-Policy' && c.res.headers.get(name) === DOCUMENT_CONTENT_SECURITY_POLICY) continue;
      if (c.res.headers.get(name) !== value) c.header(name, value);
    }
  };
}
