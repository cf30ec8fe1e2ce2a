// Reports and the dashboard over REST (issue 22; docs/decisions/0035): list, run (paged), save, export (.xlsx, CSV),
// and each user's arrangement of dashboard gadgets with their notifications checked against what they may still open.
import { Hono, type Context } from 'hono';
import { checkLayout, DEFAULT_LAYOUT, type DashboardLayout, type NotificationView } from '../../shared/dashboard.ts';
import { customEntity, entityDef, ID_MAX, isEntityName, type EntityName, type NotificationRecord } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { isObject } from '../../shared/objects.ts';
import { mayView, pullScope } from '../auth/rights.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, readJson } from '../errors.ts';
import { pageOf } from '../paging.ts';
import { reportCsv, reportXlsx } from '../reports/export.ts';
import { ReportService, type Runnable } from '../reports/service.ts';
import { callerOf } from './online-records.ts';

const PAGE_MAX = 1000;
const FORMATS = ['xlsx', 'csv'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const dashboardKey = (userId: string): string => `dashboard.${userId}`;

/** A file name from the report's name: letters, digits and dashes. */
const fileName = (name: string, ext: string): string => `${name.normalize('NFD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'report'}.${ext}`;

export function reportRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const reports = new ReportService(services.store, services.bus);
  for (const path of ['/api/reports', '/api/reports/*', '/api/dashboard', '/api/dashboard/*']) app.use(path, requireSession);

  /** The reports the caller may run: shipped, their own saved ones, and those shared with everyone. */
  app.get('/api/reports', async (c) => c.json({ reports: await reports.list(await callerOf(c)) }));

  /** Saves a new report: { name, shared, definition }. */
  app.post('/api/reports', async (c) => c.json(await reports.save(await callerOf(c), await readJson(c)), 201));

  /** Runs an unsaved definition: { definition, name? } (the report builder's preview). */
  app.post('/api/reports/run', async (c) => {
    const body = await readJson(c);
    const unsaved = runnableOf(reports, body);
    return c.json(await reports.run(await callerOf(c), unsaved, pageOf(c, PAGE_MAX, ERROR_CODES.REPORT_BAD_DEFINITION, 200)));
  });

  /** An unsaved definition exported: POST { definition, name? } to export.xlsx or export.csv. */
  for (const format of FORMATS) app.post(`/api/reports/export.${format}`, async (c) => exportAs(c, format, runnableOf(reports, await readJson(c))));

  /** A report's definition and name (to open it in the builder). */
  app.get('/api/reports/:id', async (c) => {
    const r = await reports.runnable(await callerOf(c), c.req.param('id'));
    return c.json({ id: r.id, name: r.name, definition: r.definition, ...(r.forecast ? { entity: 'forecast' } : {}), ...(r.saved ? { ownerId: r.saved.ownerId, shared: r.saved.shared } : {}) });
  });

  app.put('/api/reports/:id', async (c) => c.json(await reports.save(await callerOf(c), await readJson(c), c.req.param('id'))));

  app.delete('/api/reports/:id', async (c) => {
    await reports.remove(await callerOf(c), c.req.param('id'));
    return c.json({ deleted: c.req.param('id') });
  });

  /** A page of the report's rows, with its groups and totals whole. */
  app.get('/api/reports/:id/run', async (c) => {
    const caller = await callerOf(c);
    return c.json(await reports.run(caller, await reports.runnable(caller, c.req.param('id')), pageOf(c, PAGE_MAX, ERROR_CODES.REPORT_BAD_DEFINITION, 200)));
  });

  for (const format of FORMATS) app.get(`/api/reports/:id/export.${format}`, async (c) => exportAs(c, format, await reports.runnable(await callerOf(c), c.req.param('id'))));

  /** Every row of the report as .xlsx or .csv, in the caller's language. */
  async function exportAs(c: Context<AppEnv>, format: (typeof FORMATS)[number], report: Runnable): Promise<Response> {
    const caller = await callerOf(c);
    const result = await reports.run(caller, report, null);
    const name = fileName(result.name, format);
    const headers = { 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' };
    if (format === 'csv') return c.body(reportCsv(result, caller.user.locale), 200, { ...headers, 'content-type': 'text/csv; charset=utf-8' });
    return c.body(new Uint8Array(await reportXlsx(result, caller.user.locale)), 200, { ...headers, 'content-type': XLSX });
  }

  /** The caller's gadgets, in their order (the default arrangement until they change it). */
  app.get('/api/dashboard', async (c) => {
    const text = await services.store.getServerSetting(dashboardKey(c.get('user').id));
    let layout: DashboardLayout = DEFAULT_LAYOUT;
    if (text) {
      const parsed = checkLayout(JSON.parse(text) as unknown);
      if (typeof parsed !== 'string') layout = parsed;
    }
    return c.json(layout);
  });

  app.put('/api/dashboard', async (c) => {
    const layout = checkLayout(await readJson(c));
    if (typeof layout === 'string') throw new AppError(400, ERROR_CODES.DASHBOARD_BAD_LAYOUT, layout);
    const caller = await callerOf(c);
    // A report gadget must name a report the user may run now (it may stop being runnable later: the gadget then says so).
    for (const g of layout.gadgets) if (g.kind === 'report') await reports.runnable(caller, g.reportId ?? '').catch(() => {
      throw new AppError(400, ERROR_CODES.DASHBOARD_BAD_LAYOUT, `There is no report ${String(g.reportId).slice(0, 60)} for you to run.`);
    });
    await services.store.putServerSetting(dashboardKey(caller.user.id), JSON.stringify(layout), caller.user.id, caller.now);
    return c.json(layout);
  });

  /**
   * The caller's latest notifications, each with whether the record or group it is about can still be opened: a
   * deleted one and one the caller may no longer view both answer `available: false`, and the item still shows (741-171644-QA).
   */
  app.get('/api/dashboard/notifications', async (c) => {
    const caller = await callerOf(c);
    const page = await services.store.listRecords('notification', {}, pullScope('notification', caller.user, caller.rights), { offset: 0, limit: 20 });
    const items: NotificationView[] = [];
    for (const doc of page.records) {
      const n = doc as unknown as NotificationRecord;
      const target = targetOf(n);
      const view: NotificationView = { id: n.id, kind: n.kind, title: n.title, happenedAt: n.happenedAt, status: n.status, body: n.body };
      if (target) {
        if (target.entity === 'group') {
          const group = target.id.length <= ID_MAX ? await services.store.groups.get(target.id) : null;
          const mayOpen = !!group && (caller.rights[group.entity]?.view.length ?? 0) > 0;
          view.target = { entity: 'group', id: target.id, available: mayOpen, ...(mayOpen && group ? { title: group.name } : {}) };
        } else if (target.entity === 'report') {
          // A shared report: gone when its owner deleted it or stopped sharing it.
          const r = await reports.runnable(caller, target.id).catch(() => null);
          view.target = { entity: 'report', id: target.id, available: !!r, ...(r ? { title: r.name } : {}) };
        } else if (isEntityName(target.entity) || customEntity(target.entity)) {
          // A custom entity's record (a table rule's notice) is a customRecord row of its key, under that entity's rights.
          const custom = !isEntityName(target.entity);
          const stored: EntityName = custom ? 'customRecord' : (target.entity as EntityName);
          const [rec] = target.id.length <= ID_MAX ? await services.store.getByIds(stored, [target.id]) : [];
          const mayOpen = !!rec && !rec._deleted && (!custom || (rec as unknown as Record<string, unknown>).entityKey === target.entity) && mayView(stored, caller.user, caller.rights, rec);
          const title = mayOpen && rec ? entityDef(target.entity as EntityName).title.map((k) => (rec as unknown as Record<string, unknown>)[k]).filter((v) => typeof v === 'string' && v).join(' ') : '';
          view.target = { entity: target.entity, id: target.id, available: mayOpen, ...(title ? { title } : {}) };
        }
      }
      items.push(view);
    }
    return c.json({ total: page.total, items });
  });
  return app;
}

/** The record a notification is about: a MailChimp send's group, or an info item's `{ entity, id }` (a shared record). */
export function targetOf(n: Pick<NotificationRecord, 'kind' | 'body'>): { entity: string; id: string } | null {
  let body: unknown;
  try {
    body = JSON.parse(n.body || 'null');
  } catch {
    return null;
  }
  if (!isObject(body)) return null;
  if (n.kind === 'mailchimp' && typeof body.groupId === 'string') return { entity: 'group', id: body.groupId };
  if (typeof body.entity === 'string' && typeof body.id === 'string') return { entity: body.entity, id: body.id };
  return null;
}

function runnableOf(reports: ReportService, body: unknown): Runnable {
  if (!isObject(body)) throw new AppError(400, ERROR_CODES.REPORT_BAD_DEFINITION, 'Send { definition, name }.');
  const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim().slice(0, 80) : 'Report';
  return { id: null, name, definition: reports.check(body.definition) };
}
