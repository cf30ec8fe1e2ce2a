// E-mail from a record (docs/decisions/0038): sending through the organisation's SMTP server, and (administrators) its settings.
import { Hono } from 'hono';
import { requireAdmin } from '../auth/rights.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import { readJson } from '../errors.ts';
import { Mailer } from '../mail/send.ts';
import { saveSmtp, smtpView } from '../mail/settings.ts';
import { callerOf, onlineRecords } from './online-records.ts';

export function mailRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const mailer = new Mailer(services, onlineRecords(services));
  for (const path of ['/api/email/send', '/api/admin/smtp']) app.use(path, requireSession);
  app.use('/api/admin/smtp', async (c, next) => {
    requireAdmin(c.get('user'));
    await next();
  });

  /** Sends a message written on a record and files it there; 201 with the communication and its documents. */
  app.post('/api/email/send', async (c) => c.json(await mailer.send(await callerOf(c), await readJson(c)), 201));

  /** The SMTP server's settings, without the password. */
  app.get('/api/admin/smtp', async (c) => c.json(await smtpView(services)));
  app.put('/api/admin/smtp', async (c) => c.json(await saveSmtp(services, await readJson(c), c.get('user').id)));
  return app;
}
