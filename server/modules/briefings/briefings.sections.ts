/**
 * What a briefing is made of: a list of section providers, each reading its module's own
 * figures (services and repositories of reports, chain, tickets, experts, workforce, purchasing)
 * — no figure is computed twice. A module that is not installed simply has no provider, and its
 * section is left out (policy money shows once an alliance has applications); others register
 * theirs with `registerBriefingSection`, as file owners register with the file store.
 *
 * Every provider answers for one alliance. The city briefing sums the alliances' counts, except
 * where a provider knows better (`city`): resumption counts each firm once over the city, and
 * chain breaks are distinct firms.
 */
import type { Ctx, Deps } from '../../core/context';
import { addDays } from '../../domain/workdays';
import { chainBreaks, cityOverview } from '../city/city.service';
import * as experts from '../experts/experts.repository';
import { applicationTotals } from '../policies/policies.service';
import { totals as purchasingTotals } from '../purchasing/purchasing.service';
import { trend } from '../reports/reports.service';
import { figures as ticketFigures } from '../tickets/tickets.figures';
import { figures as workforceFigures } from '../workforce/workforce.service';

/** How a figure's value reads: a count, a share 0–1, a percentage 0–100, money in fen. */
export type FigureFormat = 'count' | 'rate' | 'pct' | 'fen';

export interface BriefingFigure {
  key: string;
  value: number | null;
  format: FigureFormat;
}

/** A chart: categories on the x axis (dates or labels), one or more series of values. */
export interface BriefingChart {
  kind: 'line' | 'bar';
  format: FigureFormat;
  categories: string[];
  series: { key: string; data: number[] }[];
}

export interface BriefingSection {
  key: string;
  figures: BriefingFigure[];
  chart?: BriefingChart;
}

/** The days a briefing covers: a day (日报), or the seven days ending on `to` (周报). */
export interface BriefingRange {
  period: 'daily' | 'weekly';
  from: string;
  to: string;
}

export interface SectionProvider {
  /** Stable key (section order follows registration). */
  readonly key: string;
  /** The section for one alliance, read as its office (`ctx` is scoped to it); null leaves it out. */
  alliance(deps: Deps, ctx: Ctx, range: BriefingRange): Promise<BriefingSection | null>;
  /** The city's section; omitted: the alliances' counts summed (see `sumSections`). */
  city?(deps: Deps, ctx: Ctx, range: BriefingRange, perAlliance: BriefingSection[]): Promise<BriefingSection | null>;
}

const fig = (key: string, value: number | null, format: FigureFormat = 'count'): BriefingFigure => ({ key, value, format });

/** Dates of the chart: the range, or the last 7 days for a daily briefing. */
function chartDays(range: BriefingRange): string[] {
  const from = range.period === 'daily' ? addDays(range.to, -6) : range.from;
  const out: string[] = [];
  for (let d = from; d <= range.to; d = addDays(d, 1)) out.push(d);
  return out;
}

const resumption: SectionProvider = {
  key: 'resumption',
  async alliance(deps, ctx, range) {
    const days = chartDays(range);
    const { points } = await trend(deps, ctx, { days: days.length, to: range.to });
    const p = points[points.length - 1]!;
    return {
      key: 'resumption',
      figures: [
        fig('members', p.members), fig('reported', p.reported), fig('resumed', p.stages.partial + p.stages.full),
        fig('resumptionRate', p.resumptionRate, 'rate'), fig('reportingRate', p.reportingRate, 'rate'),
        fig('outputPct', p.outputPct, 'pct'), fig('capacityPct', p.capacityPct, 'pct'),
      ],
      chart: { kind: 'line', format: 'rate', categories: points.map((x) => x.date), series: [{ key: 'resumptionRate', data: points.map((x) => x.resumptionRate) }, { key: 'reportingRate', data: points.map((x) => x.reportingRate) }] },
    };
  },
  async city(deps, ctx, range) {
    const days = chartDays(range);
    const views = [];
    for (const date of days) views.push(await cityOverview(deps, ctx, { date }));
    const c = views[views.length - 1]!.city;
    return {
      key: 'resumption',
      figures: [
        fig('members', c.members), fig('reported', c.reported), fig('resumed', c.resumed),
        fig('resumptionRate', c.resumptionRate, 'rate'), fig('reportingRate', c.reportingRate, 'rate'),
        fig('outputPct', c.outputPct, 'pct'), fig('capacityPct', c.capacityPct, 'pct'),
      ],
      chart: { kind: 'line', format: 'rate', categories: days, series: [{ key: 'resumptionRate', data: views.map((v) => v.city.resumptionRate) }, { key: 'reportingRate', data: views.map((v) => v.city.reportingRate) }] },
    };
  },
};

const chain: SectionProvider = {
  key: 'chain',
  async alliance(deps, ctx) {
    const c = (await chainBreaks(deps)).get(ctx.actor.allianceId!);
    return { key: 'chain', figures: [fig('chainBreaks', c ? c.ids.length : null), fig('horizonDays', c ? c.horizon : null)] };
  },
  async city(deps) {
    const all = await chainBreaks(deps);
    return { key: 'chain', figures: [fig('chainBreaks', new Set([...all.values()].flatMap((c) => c.ids)).size), fig('alliancesWithForecast', all.size)] };
  },
};

const problems: SectionProvider = {
  key: 'problems',
  async alliance(deps, ctx, range) {
    const f = await ticketFigures(deps, ctx, { from: range.from, to: range.to });
    return {
      key: 'problems',
      figures: [fig('open', f.open), fig('overdue', f.overdue), fig('filed', f.filed), fig('resolved', f.resolved)],
      chart: { kind: 'bar', format: 'count', categories: f.openByCategory.map((c) => c.category), series: [{ key: 'open', data: f.openByCategory.map((c) => c.count) }] },
    };
  },
};

const expertsSection: SectionProvider = {
  key: 'experts',
  async alliance(deps, ctx, range) {
    const allianceId = ctx.actor.allianceId!;
    const [rows, visits] = await Promise.all([experts.allConsultations(deps.db, { allianceId }), experts.visitsOf(deps.db, { allianceId, from: range.from, to: range.to })]);
    const count = (s: string) => rows.filter((c) => c.status === s).length;
    return { key: 'experts', figures: [fig('consultationsOpen', count('open') + count('active')), fig('consultationsClosed', count('closed')), fig('visits', visits.length)] };
  },
};

const workforce: SectionProvider = {
  key: 'workforce',
  async alliance(deps, ctx) {
    const f = await workforceFigures(deps, ctx);
    return { key: 'workforce', figures: [fig('workersLent', f.workersLentToday), fig('placements', f.demand.filled), fig('openDemand', f.demand.open), fig('firmsHelped', f.firmsHelped)] };
  },
};

const purchasing: SectionProvider = {
  key: 'purchasing',
  async alliance(deps, ctx) {
    const f = await purchasingTotals(deps, ctx);
    return { key: 'purchasing', figures: [fig('campaigns', f.campaigns), fig('openCampaigns', f.openCampaigns), fig('firms', f.firms), fig('orderedFen', f.orderedFen, 'fen')] };
  },
};

const policy: SectionProvider = {
  key: 'policy',
  async alliance(deps, ctx) {
    const { alliance: f } = await applicationTotals(deps, ctx);
    if (!f.applications) return null;
    return { key: 'policy', figures: [fig('applications', f.applications), fig('approvedFen', f.approvedFen, 'fen'), fig('disbursedFen', f.disbursedFen, 'fen')] };
  },
};

const providers: SectionProvider[] = [resumption, chain, problems, expertsSection, workforce, purchasing, policy];

/** Adds a section (a module installed beside this one); the same key again replaces it. */
export function registerBriefingSection(p: SectionProvider): void {
  const i = providers.findIndex((x) => x.key === p.key);
  if (i >= 0) providers[i] = p;
  else providers.push(p);
}

export function briefingSections(): readonly SectionProvider[] {
  return providers;
}

/**
 * The city's section from the alliances': counts and money summed figure by figure, chart
 * series summed per category. Rates cannot be summed: a provider with rates gives `city`.
 */
export function sumSections(key: string, parts: BriefingSection[]): BriefingSection | null {
  if (!parts.length) return null;
  const first = parts[0]!;
  const figures = first.figures.map((f) => ({
    ...f,
    value: parts.every((p) => p.figures.find((g) => g.key === f.key)?.value === null) ? null : parts.reduce((s, p) => s + (p.figures.find((g) => g.key === f.key)?.value ?? 0), 0),
  }));
  const chart = first.chart && {
    ...first.chart,
    series: first.chart.series.map((s) => ({ key: s.key, data: first.chart!.categories.map((_, i) => parts.reduce((n, p) => n + (p.chart?.series.find((x) => x.key === s.key)?.data[i] ?? 0), 0)) })),
  };
  return { key, figures, ...(chart ? { chart } : {}) };
}
