// Reports on the server (docs/decisions/0035): shipped and saved definitions, run over the records the caller may view
// (their rights narrow every read), labels for references, and saved reports kept as server settings.
import { randomBytes, randomUUID } from 'node:crypto';
import { customEntity, entityDef, isEntityName, type EntityName, type RefField } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { en } from '../../shared/i18n/en.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { fill, lookup, type Catalogue } from '../../shared/i18n/messages.ts';
import { isObject } from '../../shared/objects.ts';
import { checkDefinition, columnOf, NAME_MAX, runReport, type ReportDefinition, type ReportEntity, type ReportResult, type ReportSummary, type SavedReport } from '../../shared/reports.ts';
import { SHIPPED_REPORTS } from '../../shared/reports-shipped.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { mayView, pullScope } from '../auth/rights.ts';
import type { RecordQuery, SyncStore } from '../db/store.ts';
import { customQuery, customScope } from '../online/custom-records.ts';
import type { ChangeBus } from '../events.ts';
import { blankRecord } from '../../shared/records.ts';
import { AppError } from '../errors.ts';
import type { Caller } from '../online/records.ts';
import { instantToWall } from '../../shared/time/wall-time.ts';
import { zoneRules } from '../time/zones.ts';
import { FORECAST_REPORT_ID, forecastVsActual } from './forecast.ts';

/** The most records one report reads: beyond it, a filter must narrow it (REPORT_TOO_LARGE). */
export const MAX_REPORT_RECORDS = 50_000;
const KEY = 'report.saved.';
const CATALOGUES: Record<string, Catalogue> = { en, fr };

export const reportError = (status: 400 | 403 | 404 | 413, code: (typeof ERROR_CODES)[keyof typeof ERROR_CODES], message: string): AppError => new AppError(status, code, message);
const notFound = (): AppError => reportError(404, ERROR_CODES.REPORT_NOT_FOUND, 'There is no such report (or you may not run it).');

/** A text in the caller's language (their profile's; English when there is none). */
export function say(locale: string, key: string, params: Record<string, string | number> = {}): string {
  const lang = locale.slice(0, 2);
  return fill(lookup(CATALOGUES[lang] ?? en, key) ?? lookup(en, key) ?? key, lang, params);
}

/** A report ready to run: its name and definition (shipped, saved, or sent unsaved). */
export interface Runnable {
  id: string | null;
  name: string;
  definition: ReportDefinition;
  /** Forecast vs. actual (forecast.ts), not the definition. */
  forecast?: boolean;
}

export class ReportService {
  /** `bus`: when given, sharing a report tells every other user (a notification on their dashboard). */
  constructor(
    private readonly store: SyncStore,
    private readonly bus?: ChangeBus,
  ) {}

  /** Shipped reports, the caller's own saved ones, and those others shared. */
  async list(caller: Caller): Promise<ReportSummary[]> {
    const shipped: ReportSummary[] = SHIPPED_REPORTS.map((r) => ({ id: r.id, name: say(caller.user.locale, r.name), kind: 'shipped', entity: r.definition.entity }));
    shipped.push({ id: FORECAST_REPORT_ID, name: say(caller.user.locale, 'report.shipped.forecast'), kind: 'shipped', entity: 'forecast' });
    const saved = (await this.saved()).filter((r) => r.ownerId === caller.user.id || r.shared);
    saved.sort((a, b) => a.name.localeCompare(b.name));
    return [...shipped, ...saved.map((r): ReportSummary => ({ id: r.id, name: r.name, kind: 'saved', entity: r.definition.entity, ownerId: r.ownerId, shared: r.shared }))];
  }

  /** The report `id` if the caller may run it. */
  async runnable(caller: Caller, id: string): Promise<Runnable & { saved?: SavedReport }> {
    // Not a definition: computed from the forecasts (the definition returned only names it).
    if (id === FORECAST_REPORT_ID) return { id, name: say(caller.user.locale, 'report.shipped.forecast'), definition: { entity: 'opportunity', columns: ['forecast'], filters: [], sort: [], groupBy: [], details: true, chart: true }, forecast: true };
    const shipped = SHIPPED_REPORTS.find((r) => r.id === id);
    if (shipped) return { id, name: say(caller.user.locale, shipped.name), definition: shipped.definition };
    const saved = await this.find(id);
    if (!saved || (saved.ownerId !== caller.user.id && !saved.shared)) throw notFound();
    return { id, name: saved.name, definition: saved.definition, saved };
  }

  /** Saves a new report (no id) or changes one of the caller's own. */
  async save(caller: Caller, body: unknown, id?: string): Promise<SavedReport> {
    if (!isObject(body)) throw reportError(400, ERROR_CODES.REPORT_BAD_DEFINITION, 'Send { name, shared, definition }.');
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name || name.length > NAME_MAX) throw reportError(400, ERROR_CODES.REPORT_BAD_DEFINITION, `A report's name has 1 to ${NAME_MAX} characters.`);
    if (body.shared !== undefined && typeof body.shared !== 'boolean') throw reportError(400, ERROR_CODES.REPORT_BAD_DEFINITION, 'shared is true or false.');
    const definition = this.check(body.definition);
    if (id !== undefined) {
      const before = await this.find(id);
      if (!before || (before.ownerId !== caller.user.id && !before.shared)) throw notFound();
      if (before.ownerId !== caller.user.id) throw reportError(403, ERROR_CODES.REPORT_NOT_YOURS, 'Only the user who saved this report may change it: save a copy instead.');
    }
    const wasShared = id !== undefined && (await this.find(id))?.shared === true;
    const report: SavedReport = { id: id ?? `r-${randomUUID()}`, name, ownerId: caller.user.id, shared: body.shared === true, definition, updatedAt: caller.now };
    await this.store.putServerSetting(KEY + report.id, JSON.stringify(report), caller.user.id, caller.now);
    if (report.shared && !wasShared) await this.notifyShared(caller, report);
    return report;
  }

  /** A shared item for every other user: a notification naming the report, which their dashboard opens (or says is gone). */
  private async notifyShared(caller: Caller, report: SavedReport): Promise<void> {
    if (!this.bus) return;
    const others = (await this.store.listUsers()).filter((u) => u.id !== caller.user.id);
    if (!others.length) return;
    const docs = others.map((u) => {
      const nid = `rs-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
      return {
        ...(blankRecord(entityDef('notification'), nid, 'none') as Record<string, unknown>),
        kind: 'info',
        status: 'unread',
        ownerId: u.id,
        title: say(u.locale, 'report.sharedNotice', { who: caller.user.displayName, name: report.name }).slice(0, 200),
        body: JSON.stringify({ entity: 'report', id: report.id }),
        happenedAt: caller.now,
        updatedAt: caller.now,
        updatedBy: caller.user.id,
        _deleted: false,
      } as unknown as WireDoc;
    });
    await this.store.insertMany('notification', docs);
    this.bus.publish({ collection: 'notification', seq: 0 });
  }

  async remove(caller: Caller, id: string): Promise<void> {
    const r = await this.find(id);
    if (!r || (r.ownerId !== caller.user.id && !r.shared)) throw notFound();
    if (r.ownerId !== caller.user.id) throw reportError(403, ERROR_CODES.REPORT_NOT_YOURS, 'Only the user who saved this report may delete it.');
    await this.store.deleteServerSetting(KEY + id);
  }

  check(definition: unknown): ReportDefinition {
    const checked = checkDefinition(definition);
    if (!checked.definition) {
      const first = checked.issues[0];
      throw reportError(400, ERROR_CODES.REPORT_BAD_DEFINITION, `${first?.path ? `${first.path}: ` : ''}${first?.message ?? 'Not a report definition.'}`);
    }
    return checked.definition;
  }

  /** Runs the report with the caller's rights; `page` cuts the rows (the groups and totals are always whole). */
  async run(caller: Caller, report: Runnable, page: { offset: number; limit: number } | null): Promise<ReportResult> {
    if (report.forecast) return forecastVsActual(this.store, caller, report.name, page);
    // Checked again against the entities as they are now: a saved report naming a field purged since says so (400).
    const def = this.check(report.definition);
    const docs = await this.read(caller, def);
    const labels = await this.labels(caller, def.entity, docs);
    const zone = caller.user.timeZone && zoneRules.has(caller.user.timeZone) ? caller.user.timeZone : 'UTC';
    const month = (iso: string): string | null => {
      const ms = Date.parse(iso);
      return Number.isFinite(ms) ? instantToWall(zoneRules, zone, ms).slice(0, 7) : null;
    };
    const out = runReport(def, docs as unknown as Record<string, unknown>[], { now: caller.now, month, label: (field, value) => labels.get(`${field}\u0000${value}`) ?? '' });
    const offset = page?.offset ?? 0;
    const limit = page?.limit ?? out.rows.length;
    return { id: report.id, name: report.name, entity: def.entity, columns: out.columns, rows: out.rows.slice(offset, offset + limit), totalRows: out.rows.length, offset, limit, groups: out.groups, count: out.count, chart: def.chart, groupBy: def.groupBy.map((k) => columnOf(def.entity, k)!), measure: out.measure };
  }

  /** Every live record of the entity the caller may view (their territories, or their own for owner-scoped ones). */
  private async read(caller: Caller, def: ReportDefinition): Promise<WireDoc[]> {
    // One equality on a field the store filters on narrows the read itself; the engine applies every filter anyway.
    const eq = def.filters.find((f) => f.op === 'eq' && typeof f.value === 'string' && f.field !== 'territoryId');
    const query: RecordQuery = eq ? { equals: { [eq.field]: eq.value as string } } : {};
    // A custom entity's records are customRecord rows of its key, in the territories where the caller may view that entity.
    const custom = customEntity(def.entity) !== undefined;
    const entity: EntityName = custom ? 'customRecord' : (def.entity as EntityName);
    const scope = custom ? customScope(caller.rights, def.entity) : pullScope(entity, caller.user, caller.rights);
    const q = custom ? customQuery(def.entity, query) : query;
    const out: WireDoc[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await this.store.listRecords(entity, q, scope, { offset, limit: 500 });
      if (page.total > MAX_REPORT_RECORDS) throw reportError(413, ERROR_CODES.REPORT_TOO_LARGE, `This report would read ${page.total} records (at most ${MAX_REPORT_RECORDS}): add a filter.`);
      out.push(...page.records);
      if (out.length >= page.total || page.records.length === 0) return out;
    }
  }

  /** Titles of the users, territories and records the report's references name (records only when the caller may view them). */
  private async labels(caller: Caller, entity: ReportEntity, docs: readonly WireDoc[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const fields = Object.entries(entityDef(entity as EntityName).fields).filter((e): e is [string, RefField] => e[1].kind === 'ref');
    const users = new Map((await this.store.listUsers()).map((u) => [u.id, u.displayName]));
    for (const t of await this.store.listTerritories()) out.set(`territoryId\u0000${t.id}`, t.name);
    for (const [name, f] of fields) {
      const ids = [...new Set(docs.map((d) => (d as unknown as Record<string, unknown>)[name]).filter((v): v is string => typeof v === 'string' && v !== ''))];
      if (!ids.length) continue;
      const target = f.to[0] ?? '';
      if (target === 'user') {
        for (const id of ids) out.set(`${name}\u0000${id}`, users.get(id) ?? id);
      } else if (isEntityName(target)) {
        const tdef = entityDef(target);
        for (let i = 0; i < ids.length; i += 500) {
          for (const r of await this.store.getByIds(target, ids.slice(i, i + 500))) {
            if (r._deleted || !mayView(target, caller.user, caller.rights, r)) continue;
            const rec = r as unknown as Record<string, unknown>;
            out.set(`${name}\u0000${r.id}`, tdef.title.map((k) => rec[k]).filter((v) => typeof v === 'string' && v).join(' '));
          }
        }
      }
    }
    return out;
  }

  private async saved(): Promise<SavedReport[]> {
    const out: SavedReport[] = [];
    for (const row of await this.store.serverSettingsWithPrefix(KEY)) {
      try {
        out.push(JSON.parse(row.value) as SavedReport);
      } catch {
        // A damaged row is skipped, never fatal to the list.
      }
    }
    return out;
  }

  private async find(id: string): Promise<SavedReport | null> {
    if (!/^r-[0-9a-f-]{36}$/.test(id)) return null;
    const text = await this.store.getServerSetting(KEY + id);
    return text ? (JSON.parse(text) as SavedReport) : null;
  }
}
