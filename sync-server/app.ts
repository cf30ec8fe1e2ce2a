// Builds the Hono application: guards, API and sync routes, the built PWA, and the one error handler. Tests run it in-process.
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { brotli } from './ops/brotli.ts';
import { serveStatic } from '@hono/node-server/serve-static';
import { ERROR_CODES } from '../shared/errors.ts';
import type { AppEnv, Services } from './context.ts';
import { AppError, onError } from './errors.ts';
import { authRoutes } from './routes/auth.ts';
import { adminRoutes } from './routes/admin.ts';
import { customizationRoutes } from './routes/customization.ts';
import { adminOrganisationRoutes } from './routes/admin-organisation.ts';
import { adminRuleRoutes } from './routes/admin-rules.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { forecastRoutes } from './routes/forecasts.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { documentRoutes } from './routes/documents.ts';
import { groupRoutes } from './routes/groups.ts';
import { marketingRoutes } from './routes/marketing.ts';
import { installerRoutes } from './routes/installer.ts';
import { outlookRoutes } from './routes/outlook.ts';
import { mailMergeRoutes } from './routes/mail-merge.ts';
import { mailRoutes } from './routes/mail.ts';
import { apiReferenceRoutes } from './routes/api-reference.ts';
import { searchRoutes } from './routes/search.ts';
import { onlineRecordRoutes } from './routes/online-records.ts';
import { recordRoutes } from './routes/records.ts';
import { reportRoutes } from './routes/reports.ts';
import { syncRoutes } from './routes/sync.ts';
import { readSession, requirePasswordChanged, tokenAccessGuard } from './auth/sessions.ts';
import { exceptStreamedUploads, limitBodies, limitJsonDepth, requireJsonBodies } from './security/body.ts';
import { trustedProxies } from './security/client.ts';
import { securityHeaders } from './security/headers.ts';
import { refuseCrossSite } from './security/csrf.ts';
import { SignInGuard } from './security/rate-limit.ts';
import type { Logger } from 'pino';
import { accessLog } from './ops/access-log.ts';
import { healthRoutes } from './ops/health.ts';
import { Lifecycle } from './ops/lifecycle.ts';
import { metricsRoutes } from './ops/metrics.ts';
import { requestId } from './ops/request-id.ts';

export interface AppOptions {
  /** Folder of the built PWA (`dist/`); omitted in API-only tests. */
  staticDir?: string;
  /** The sign-in limiter; tests pass one with small limits or their own clock. */
  signInGuard?: SignInGuard;
  /** Reverse proxies to trust for the client's address and scheme; defaults to `TRUST_PROXY`. */
  trustProxy?: number;
  /** The access and error log (main.ts: JSON lines on standard output); API-only tests leave it out. */
  log?: Logger;
  /** The bearer token that may read GET /metrics; without one metrics are not served. */
  metricsToken?: string;
  /** Compress answers the client accepts compressed (default on; the bench turns it off to measure what it costs). */
  compress?: boolean;
}

export function createApp(services: Services, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const log = options.log;
  app.onError((err, c) => onError(err, c, log ? ({ reqId, err: e }) => log.error({ reqId, err: e }, 'request failed') : undefined));
  const proxies = options.trustProxy ?? trustedProxies();
  // First, so every answer (errors included) carries the request's id and is logged and counted once.
  app.use('*', requestId());
  if (log) app.use('*', accessLog(log, services.metrics));
  // Compression negotiated by Accept-Encoding (gzip, else deflate; every browser since Android 4 and iOS 5 asks for
  // gzip), streamed through CompressionStream: a pull page of 1,000 records shrinks from about 430 to under 40 bytes per
  // record. The change stream (text/event-stream) and binary documents are left as they are (decision 0009).
  // Brotli first for the clients that accept it (every browser): about 13% fewer bytes than gzip for the same CPU.
  if (options.compress !== false) app.use('*', compress(), brotli());
  app.use('*', securityHeaders(proxies));
  // Health before anything that needs a session or a body; a test app with no lifecycle is ready at once.
  const life = services.lifecycle ?? readyNow();
  app.route('/', healthRoutes(services, life));
  if (services.metrics) app.route('/', metricsRoutes(services.metrics, options.metricsToken));
  // Before any route reads a body: too large or not JSON is refused unread, too deeply nested before parsing.
  // Document uploads stream their file and guard it themselves (security/body.ts STREAMED_UPLOADS).
  for (const path of ['/api/*', '/sync/*']) {
    app.use(path, refuseCrossSite(proxies));
    app.use(path, ...[limitBodies(), requireJsonBodies(), limitJsonDepth()].map(exceptStreamedUploads));
  }
  // Then the session, read once per request: the user and (when asked) their rights, for every route behind it.
  // A user whose password was reset may do nothing else until they change it (FC-AUTH-009).
  for (const path of ['/api/*', '/sync/*']) app.use(path, readSession(services), requirePasswordChanged, tokenAccessGuard);
  // Before every route that reads entity metadata: the customisation another instance may have changed.
  app.route('/', customizationRoutes(services));
  app.route('/', authRoutes(services, { signIn: options.signInGuard ?? new SignInGuard(), proxies }));
  app.route('/', syncRoutes(services));
  app.route('/', recordRoutes(services));
  app.route('/', adminRoutes(services));
  app.route('/', adminOrganisationRoutes(services));
  app.route('/', adminRuleRoutes(services));
  app.route('/', tokenRoutes(services));
  app.route('/', forecastRoutes(services));
  app.route('/', calendarRoutes(services, { proxies }));
  app.route('/', groupRoutes(services));
  app.route('/', marketingRoutes(services));
  app.route('/', installerRoutes(services, { proxies }));
  app.route('/', outlookRoutes(services, { proxies }));
  app.route('/', onlineRecordRoutes(services));
  app.route('/', mailMergeRoutes(services));
  app.route('/', reportRoutes(services));
  app.route('/', mailRoutes(services));
  app.route('/', searchRoutes(services));
  if (services.documents) app.route('/', documentRoutes(services, services.documents));
  // The API described from the routes registered above (read when first asked, once every route is in).
  app.route('/', apiReferenceRoutes(() => app.routes, services.version));
  app.all('/api/*', () => {
    throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such API route.');
  });
  app.all('/sync/*', () => {
    throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such sync route.');
  });
  // Anything else the static files do not answer (another method, no PWA built) is a problem body too.
  // (Answered, not thrown: Hono calls this outside the middleware chain's error handling.)
  app.notFound((c) => onError(new AppError(404, ERROR_CODES.NOT_FOUND, 'Nothing here.'), c));
  if (!services.metrics) app.get('/metrics', () => {
    throw new AppError(404, ERROR_CODES.NOT_FOUND, 'Metrics are off.');
  });

  if (options.staticDir) {
    const root = options.staticDir;
    app.use('*', async (c, next) => {
      await next();
      const path = c.req.path;
      // The service worker and the page must be revalidated so updates reach devices; hashed assets never change.
      if (path === '/sw.js' || path === '/' || path.endsWith('.html') || path.endsWith('.webmanifest')) c.header('Cache-Control', 'no-cache');
      else if (path.startsWith('/assets/')) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('*', serveStatic({ root }));
    // Client-side routes (#/...) all start from the one page.
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }
  return app;
}

function readyNow(): Lifecycle {
  const life = new Lifecycle();
  life.ready();
  return life;
}
