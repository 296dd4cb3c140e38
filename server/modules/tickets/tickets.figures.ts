/**
 * Figures for the alliance overview: what is open now (by lead group and category, overdue,
 * escalated) and, over a window of filing dates, how well the SLA held — share resolved by the
 * deadline, share answered by the response deadline, median hours to first response and to
 * resolution (wall-clock hours), and the satisfaction score (1–5): overall, by working group and
 * by lead handler.
 */
import { WORKING_GROUPS } from '../../core/auth/roles';
import type { Ctx, Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { tenantOf } from '../../core/tenant';
import { addDays, shanghaiDate, shanghaiDayEnd } from '../../domain/workdays';
import * as repo from './tickets.repository';
import { TICKET_CATEGORIES, type FiguresResponse } from './tickets.schema';

const HOUR = 3_600_000;
const MAX_WINDOW_DAYS = 366;

/** Median of numbers, or null for none. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const round = (v: number | null, digits = 2) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

export async function figures(deps: Deps, ctx: Ctx, q: { from?: string; to?: string }): Promise<FiguresResponse> {
  const allianceId = tenantOf(ctx);
  const now = deps.clock.now();
  const to = q.to ?? shanghaiDate(now);
  const from = q.from ?? addDays(to, -89);
  if (from > to) throw new AppError('validation_failed', {}, [{ path: 'from', code: 'range_reversed' }]);
  if (from < addDays(to, -(MAX_WINDOW_DAYS - 1))) throw new AppError('validation_failed', {}, [{ path: 'from', code: 'range_too_long', params: { days: MAX_WINDOW_DAYS } }]);

  const [open, rows] = await Promise.all([
    repo.openCounts(deps.db, allianceId, now.toISOString()),
    repo.filedBetween(deps.db, allianceId, shanghaiDayEnd(addDays(from, -1)), shanghaiDayEnd(to)),
  ]);
  const byGroup = new Map(open.byGroup.map((g) => [g.group ?? 'unassigned', g.count]));
  const byCategory = new Map(open.byCategory.map((c) => [c.category, c.count]));
  const ms = (a: string, b: string) => Date.parse(b) - Date.parse(a);
  const resolved = rows.filter((r) => r.resolved_at !== null);
  const responded = rows.filter((r) => r.first_response_at !== null);
  const rated = rows.filter((r) => r.satisfaction !== null);

  return {
    from,
    to,
    open: open.byGroup.reduce((n, g) => n + g.count, 0),
    overdue: open.overdue,
    escalated: open.escalated,
    openByGroup: [...WORKING_GROUPS, 'unassigned' as const].map((group) => ({ group, count: byGroup.get(group) ?? 0 })),
    openByCategory: TICKET_CATEGORIES.map((category) => ({ category, count: byCategory.get(category) ?? 0 })),
    filed: rows.length,
    resolved: resolved.length,
    slaCompliance: resolved.length ? round(resolved.filter((r) => r.resolved_at! <= r.resolve_due_at).length / resolved.length, 4) : null,
    responseCompliance: responded.length ? round(responded.filter((r) => r.first_response_at! <= r.response_due_at).length / responded.length, 4) : null,
    medianFirstResponseHours: round(median(responded.map((r) => ms(r.created_at, r.first_response_at!) / HOUR))),
    medianResolutionHours: round(median(resolved.map((r) => ms(r.created_at, r.resolved_at!) / HOUR))),
    meanSatisfaction: rated.length ? round(rated.reduce((n, r) => n + r.satisfaction!, 0) / rated.length) : null,
    rated: rated.length,
    satisfactionByGroup: meansBy(rated, (r) => r.lead_group ?? 'unassigned').map(([group, m]) => ({ group: group as WorkingGroupOrNone, ...m })),
    satisfactionByHandler: meansBy(
      rated.filter((r) => r.lead_user_id !== null),
      (r) => r.lead_user_id!,
    )
      .map(([id, m]) => ({ user: { id, displayName: rated.find((r) => r.lead_user_id === id)?.lead_user_name ?? '' }, ...m }))
      .sort((a, b) => b.mean - a.mean || b.rated - a.rated || a.user.id - b.user.id),
  };
}

type WorkingGroupOrNone = (typeof WORKING_GROUPS)[number] | 'unassigned';

/** Count and mean satisfaction per key, in the order keys first appear sorted by key. */
function meansBy<T extends { satisfaction: number | null }, K extends string | number>(rows: readonly T[], key: (r: T) => K): [K, { rated: number; mean: number }][] {
  const acc = new Map<K, { n: number; sum: number }>();
  for (const r of rows) {
    const k = key(r);
    const a = acc.get(k) ?? { n: 0, sum: 0 };
    a.n += 1;
    a.sum += r.satisfaction!;
    acc.set(k, a);
  }
  return [...acc.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, a]) => [k, { rated: a.n, mean: round(a.sum / a.n)! }]);
}
