// Sales forecasts' periods and who may edit whose (781-171899-QA), shared by the server (which decides) and the PWA.

/** A month `2026-12` or a quarter `2026-Q4`. */
export type PeriodKind = 'month' | 'quarter';
export interface Period {
  id: string;
  kind: PeriodKind;
  /** First day, yyyy-mm-dd. */
  start: string;
  /** First day after, yyyy-mm-dd. */
  end: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const day = (y: number, m: number): string => (m > 12 ? `${y + 1}-${pad(m - 12)}-01` : `${y}-${pad(m)}-01`);

export function parsePeriod(id: string): Period | null {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(id);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    return { id, kind: 'month', start: day(y, m), end: day(y, m + 1) };
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(id);
  if (quarter) {
    const y = Number(quarter[1]);
    const first = (Number(quarter[2]) - 1) * 3 + 1;
    return { id, kind: 'quarter', start: day(y, first), end: day(y, first + 3) };
  }
  return null;
}

/** The periods of a year, in order: twelve months or four quarters. */
export function periodsOf(year: number, kind: PeriodKind): string[] {
  return kind === 'month' ? Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`) : [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
}

export interface ForecastPerson {
  id: string;
  reportsTo: string;
  role?: string;
}

/**
 * Why a forecast may or may not be edited by `editorId`: their own; or the owner reports to them (whatever their
 * profile, 781-171899-QA); otherwise read-only, and the screen says so.
 */
export function editRight(editorId: string, owner: ForecastPerson): 'own' | 'reports-to' | 'not-reports-to' {
  if (editorId === owner.id) return 'own';
  return owner.reportsTo === editorId ? 'reports-to' : 'not-reports-to';
}

/** Everyone who reports to `managerId`, directly or not (their team), in no particular order. */
export function teamOf(managerId: string, people: readonly ForecastPerson[]): string[] {
  const team = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of people) if (!team.has(p.id) && p.id !== managerId && (p.reportsTo === managerId || team.has(p.reportsTo))) grew = team.add(p.id).size > 0;
  }
  return [...team];
}

/** Whose forecasts `viewer` may read: their own, their team's, and everyone's for an administrator. */
export function mayViewForecasts(viewer: ForecastPerson, ownerId: string, people: readonly ForecastPerson[]): boolean {
  return viewer.id === ownerId || viewer.role === 'admin' || teamOf(viewer.id, people).includes(ownerId);
}
