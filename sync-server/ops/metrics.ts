// Prometheus metrics (prom-client): requests by route and status, what sync does (push rows, conflicts kept, refused
// changes, pull pages), open live streams, and the process's own. Served at GET /metrics to a bearer of METRICS_TOKEN.
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';

export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'fieldcrm_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status.', labelNames: ['route', 'method', 'status'] as const, registers: [this.registry] });
  readonly duration = new Histogram({
    name: 'fieldcrm_http_request_duration_seconds',
    help: 'Time to answer a request (headers sent), by route pattern.',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly pushRows = new Counter({ name: 'fieldcrm_push_rows_total', help: 'Rows received in sync pushes, by collection.', labelNames: ['collection'] as const, registers: [this.registry] });
  readonly conflicts = new Counter({ name: 'fieldcrm_push_conflicts_total', help: 'Push rows answered with a conflict (merged, kept or refused), by collection.', labelNames: ['collection'] as const, registers: [this.registry] });
  readonly refused = new Counter({ name: 'fieldcrm_refused_changes_total', help: 'Push rows refused (kept for their authors as rejected changes), by collection.', labelNames: ['collection'] as const, registers: [this.registry] });
  /** Table rules (docs/decisions/0049): rules that acted on a write, and rules that failed (reported, never blocking). */
  readonly rulesFired = new Counter({ name: 'fieldcrm_rules_fired_total', help: 'Table rules that acted on a write, by entity.', labelNames: ['entity'] as const, registers: [this.registry] });
  readonly rulesFailed = new Counter({ name: 'fieldcrm_rules_failed_total', help: 'Table rules that failed on a write (the write went on), by entity.', labelNames: ['entity'] as const, registers: [this.registry] });
  readonly pullPages = new Counter({ name: 'fieldcrm_pull_pages_total', help: 'Pull pages answered, by collection.', labelNames: ['collection'] as const, registers: [this.registry] });
  readonly streams = new Gauge({ name: 'fieldcrm_live_streams_open', help: 'Live change streams open on this instance.', registers: [this.registry] });
  readonly feedLag = new Gauge({
    name: 'fieldcrm_change_feed_lag_seconds',
    help: 'Change feed: how late the last change committed through another instance (or this one) reached this instance, at most.',
    registers: [this.registry],
  });

  private pool: (() => Record<'size' | 'available' | 'borrowed' | 'pending', number>) | undefined;
  readonly poolUse = (() => {
    const metrics = this;
    return new Gauge({
      name: 'fieldcrm_db_pool_connections',
      help: 'Database connections: open (size), idle (available), in use (borrowed), and requests waiting for one (pending).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const s = metrics.pool?.();
        if (s) for (const state of ['size', 'available', 'borrowed', 'pending'] as const) this.set({ state }, s[state]);
      },
    });
  })();

  /** Where the pool gauge reads from, at each scrape (the store's poolStats). */
  watchPool(read: () => Record<'size' | 'available' | 'borrowed' | 'pending', number>): void {
    this.pool = read;
  }

  constructor(opts: { processMetrics?: boolean } = {}) {
    // Memory, CPU, event-loop lag, handles: only in the server process (tests build many apps in one process).
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'fieldcrm_' });
  }
}

/** `GET /metrics`, for a bearer of `token`; without a token configured it is not served at all (404). */
export function metricsRoutes(metrics: Metrics, token: string | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/metrics', async (c) => {
    if (!token) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'Metrics are off: set METRICS_TOKEN to serve them.');
    const given = Buffer.from(/^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '');
    const want = Buffer.from(token);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new AppError(401, ERROR_CODES.UNAUTHENTICATED, 'Send the metrics token as a bearer token.');
    return c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
  });
  return app;
}
