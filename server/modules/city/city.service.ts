/**
 * The city view (全市大屏) for the platform admin: every alliance side by side on a day, district
 * and industry breakdowns over a date range, and the firms behind any figure.
 *
 * Definitions are the alliance overview's (reports.service `trend`): 复工率 = members that
 * reported partial or full ÷ ALL members (non-reporters are unknown, never resumed); 填报率 =
 * reported ÷ members; output and capacity are headcount-weighted means over the members that
 * reported; staff on duty ÷ total staff of those. An alliance reads its members' reports from
 * their join on (unless the firm shares its history), exactly as its own overview does. The
 * city counts each firm that is a member of at least one alliance once, with all its reports.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Ctx, Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { writeSheet } from '../../core/spreadsheet';
import { addDays } from '../../domain/workdays';
import { today } from '../enterprises/enterprises.service';
import { figuresByAlliance, NO_FIGURES } from '../workforce/workforce.service';
import * as repo from './city.repository';
import { emptyFigures as noMarket, figuresBy as marketFigures } from '../market/market.service';
import { emptyFigures as noPurchasing, figuresBy as purchasingFigures } from '../purchasing/purchasing.service';
import type { BreakdownResponse, CityResponse, CoSharingResponse, Figures, FirmsFilter } from './city.schema';

const gunzipAsync = promisify(gunzip);
const n = (v: unknown) => Number(v ?? 0);

export function figuresOf(members: number, s: repo.SumRow | undefined): Figures {
  const reported = n(s?.reported);
  const resumed = n(s?.resumed);
  const w = n(s?.weight);
  const staffOnDuty = n(s?.staff_on_duty);
  const staffTotal = n(s?.staff_total);
  return {
    members,
    reported,
    unknown: Math.max(0, members - reported),
    resumed,
    resumptionRate: members ? resumed / members : 0,
    reportingRate: members ? reported / members : 0,
    outputPct: w ? n(s?.weighted_output) / w : 0,
    capacityPct: w ? n(s?.weighted_capacity) / w : 0,
    staffOnDuty,
    staffTotal,
    staffOnDutyRate: staffTotal ? staffOnDuty / staffTotal : 0,
    staffAway: n(s?.staff_away),
    staffLentOut: n(s?.staff_lent_out),
    staffBorrowedIn: n(s?.staff_borrowed_in),
  };
}

/** A finished analysis never changes: its break list is kept by job id. */
const breaksCache = new Map<string, { ids: number[]; horizon: number }>();
const BREAKS_CACHE_MAX = 200;

async function breaksOf(deps: Deps, jobId: string): Promise<{ ids: number[]; horizon: number } | null> {
  const hit = breaksCache.get(jobId);
  if (hit) return hit;
  const gz = await repo.analysisResult(deps.db, jobId);
  if (!gz) return null;
  const result = JSON.parse((await gunzipAsync(gz)).toString('utf8')) as { horizon: number; firms: { id: number; breakDay: number | null }[] };
  const value = { ids: result.firms.filter((f) => f.breakDay !== null).map((f) => f.id), horizon: result.horizon };
  breaksCache.set(jobId, value);
  if (breaksCache.size > BREAKS_CACHE_MAX) breaksCache.delete(breaksCache.keys().next().value!);
  return value;
}

/** Forecast breaks of each alliance's latest finished chain analysis. */
export async function chainBreaks(deps: Deps) {
  const latest = await repo.latestAnalyses(deps.db);
  const out = new Map<number, { analysedAt: string; ids: number[]; horizon: number }>();
  for (const a of latest) {
    const b = await breaksOf(deps, a.id);
    if (b) out.set(a.allianceId, { analysedAt: a.finishedAt, ...b });
  }
  return out;
}

function dateOf(deps: Deps, date: string | undefined): string {
  return date ?? today(deps);
}

export async function cityOverview(deps: Deps, _ctx: Ctx, q: { date?: string }): Promise<CityResponse> {
  const date = dateOf(deps, q.date);
  const now = deps.clock.now().toISOString();
  const [alliances, members, sums, tickets, chain, cityMembers, citySums, workforce] = await Promise.all([
    repo.listAlliances(deps.db),
    repo.membersByAlliance(deps.db),
    repo.reportSumsByAlliance(deps.db, date),
    repo.ticketsByAlliance(deps.db, now),
    chainBreaks(deps),
    repo.cityMembers(deps.db),
    repo.citySums(deps.db, date),
    figuresByAlliance(deps.db, date),
  ]);
  const membersOf = new Map(members.map((m) => [m.alliance_id, n(m.n)]));
  const sumsOf = new Map(sums.map((s) => [s.alliance_id, s]));
  const ticketsOf = new Map(tickets.map((t) => [t.alliance_id, t]));
  const rows = alliances.map((a) => {
    const c = chain.get(a.id);
    const t = ticketsOf.get(a.id);
    return {
      alliance: { id: a.id, name: a.name, chain: a.chain, industry: a.industry, districtCode: a.district_code },
      ...figuresOf(membersOf.get(a.id) ?? 0, sumsOf.get(a.id)),
      openProblems: n(t?.open),
      overdueProblems: n(t?.overdue),
      chain: c ? { analysedAt: c.analysedAt, breaks: c.ids.length, horizon: c.horizon } : null,
      workforce: workforce.byAlliance.get(a.id) ?? NO_FIGURES,
    };
  });
  const breakIds = new Set([...chain.values()].flatMap((c) => c.ids));
  return {
    date,
    alliances: rows,
    city: {
      ...figuresOf(cityMembers, citySums),
      openProblems: rows.reduce((s, r) => s + r.openProblems, 0),
      overdueProblems: rows.reduce((s, r) => s + r.overdueProblems, 0),
      chainBreaks: breakIds.size,
      alliancesWithForecast: chain.size,
      workforce: workforce.total,
    },
  };
}

export async function breakdown(deps: Deps, _ctx: Ctx, q: { by: 'district' | 'industry'; from?: string; to?: string; allianceId?: number }): Promise<BreakdownResponse> {
  const to = q.to ?? today(deps);
  const from = q.from ?? addDays(to, -13);
  if (from > to) throw new AppError('validation_failed', {}, [{ path: 'from', code: 'range_reversed' }]);
  if (from < addDays(to, -(92 - 1))) throw new AppError('validation_failed', {}, [{ path: 'from', code: 'range_too_long', params: { days: 92 } }]);
  const [members, sums] = await Promise.all([repo.breakdownMembers(deps.db, q.by, q.allianceId), repo.breakdownSums(deps.db, q.by, from, to, q.allianceId)]);
  const byKey = new Map<string, Map<string, repo.SumRow>>();
  for (const s of sums) {
    const k = String(s.key);
    if (!byKey.has(k)) byKey.set(k, new Map());
    byKey.get(k)!.set(s.report_date, s);
  }
  const groups = members
    .map((m) => ({ key: String(m.key), members: n(m.n) }))
    .sort((a, b) => b.members - a.members || a.key.localeCompare(b.key))
    .map((g) => {
      const points = [];
      for (let d = from; d <= to; d = addDays(d, 1)) {
        const { members: _m, ...f } = figuresOf(g.members, byKey.get(g.key)?.get(d));
        points.push({ date: d, ...f });
      }
      return { ...g, points };
    });
  return { by: q.by, from, to, groups };
}

async function firmQuery(deps: Deps, f: FirmsFilter) {
  const date = dateOf(deps, f.date);
  if (f.allianceId !== undefined && !(await deps.db.selectFrom('alliances').select('id').where('id', '=', f.allianceId).executeTakeFirst())) throw new AppError('not_found');
  let breakIds: number[] | null = null;
  if (f.figure === 'chain_breaks') {
    const chain = await chainBreaks(deps);
    breakIds = f.allianceId !== undefined ? (chain.get(f.allianceId)?.ids ?? []) : [...new Set([...chain.values()].flatMap((c) => c.ids))];
  }
  return { date, q: repo.firmsBehind(deps.db, { ...f, date, now: deps.clock.now().toISOString(), breakIds }) };
}

type FirmRow = Awaited<ReturnType<typeof repo.firmsPage>>['rows'][number];
const toFirm = (r: FirmRow) => ({
  id: r.id,
  name: r.name,
  districtCode: r.district_code,
  industry: r.industry,
  headcount: r.headcount,
  report:
    r.report_id === null
      ? null
      : { stage: r.stage as 'stopped' | 'partial' | 'full', outputPct: n(r.output_pct), capacityPct: n(r.capacity_pct), staffOnDuty: n(r.staff_on_duty), staffTotal: n(r.staff_total) },
});

export async function firms(deps: Deps, _ctx: Ctx, q: FirmsFilter & { page: number; pageSize: number }) {
  const { date, q: query } = await firmQuery(deps, q);
  const { rows, total } = await repo.firmsPage(deps.db, query, q.sort, q.order, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: rows.map(toFirm), total, page: q.page, pageSize: q.pageSize, date };
}

/** The most rows one export writes (the sheet is built in memory). */
export const EXPORT_LIMIT = 20_000;

const COLUMNS = [
  { zh: '企业名称', en: 'Enterprise', width: 36 },
  { zh: '区县代码', en: 'District', width: 10 },
  { zh: '行业门类', en: 'Industry', width: 8 },
  { zh: '职工人数', en: 'Headcount', width: 10 },
  { zh: '复工阶段', en: 'Stage', width: 10 },
  { zh: '产量(%)', en: 'Output (%)', width: 10 },
  { zh: '产能(%)', en: 'Capacity (%)', width: 10 },
  { zh: '在岗人数', en: 'Staff on duty', width: 12 },
  { zh: '职工总数', en: 'Staff total', width: 12 },
];
const STAGE_NAMES = { zh: { stopped: '停工', partial: '部分复工', full: '全面复工' }, en: { stopped: 'Stopped', partial: 'Partial', full: 'Full' } } as const;

export async function exportFirms(deps: Deps, ctx: Ctx, q: FirmsFilter): Promise<Buffer> {
  const { q: query } = await firmQuery(deps, q);
  const { rows } = await repo.firmsPage(deps.db, query, q.sort, q.order, { offset: 0, limit: EXPORT_LIMIT });
  const lang = ctx.locale === 'en-US' ? 'en' : 'zh';
  return writeSheet(
    { zh: '企业清单', en: 'Firms' },
    COLUMNS,
    rows.map(toFirm).map((f) => [f.name, f.districtCode, f.industry, f.headcount, f.report ? STAGE_NAMES[lang][f.report.stage] : '', f.report?.outputPct ?? '', f.report?.capacityPct ?? '', f.report?.staffOnDuty ?? '', f.report?.staffTotal ?? '']),
    ctx.locale,
  );
}

/** Group purchasing and board / order figures of every alliance side by side, and the city's. */
export async function coSharing(deps: Deps, _ctx: Ctx): Promise<CoSharingResponse> {
  const [alliances, purchasing, market] = await Promise.all([repo.listAlliances(deps.db), purchasingFigures(deps, null), marketFigures(deps, null)]);
  return {
    alliances: alliances.map((a) => ({ alliance: { id: a.id, name: a.name }, purchasing: purchasing.byAlliance.get(a.id) ?? noPurchasing(), market: market.byAlliance.get(a.id) ?? noMarket() })),
    city: { purchasing: purchasing.total, market: market.total },
  };
}
