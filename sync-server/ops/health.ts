// Health for load balancers and orchestrators, unauthenticated and cheap: /healthz says the process answers; /readyz
// says it should get traffic (database reachable, migrations done), 503 while starting or draining.
import { Hono } from 'hono';
import type { AppEnv, Services } from '../context.ts';
import type { Lifecycle } from './lifecycle.ts';

export function healthRoutes(services: Services, life: Lifecycle): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' }));
  app.get('/readyz', async (c) => {
    if (life.phase !== 'ready') return c.json({ status: life.phase }, 503, { 'Cache-Control': 'no-store' });
    try {
      await services.store.listTerritories(); // a small table: the database answers

      return c.json({ status: 'ready' }, 200, { 'Cache-Control': 'no-store' });
    } catch {
      return c.json({ status: 'database unreachable' }, 503, { 'Cache-Control': 'no-store' });
    }
  });
  return app;
}
