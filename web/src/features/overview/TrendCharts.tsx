/** The alliance's 14-day trends. Each chart takes the trend points; the page lays them out. */
import { useTranslation } from 'react-i18next';
import { Chart, type EChartsOption } from '../../lib/charts';
import { BLOCKER_CATEGORIES, STAGES } from '../../lib/stages';
import { shortDate } from '../../lib/format';
import { STAGE_CHART_COLORS } from '../../lib/ui';
import type { TrendPoint } from './api';

const grid = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };
const pctAxis = (max?: number): EChartsOption['yAxis'] => ({ type: 'value', min: 0, max, axisLabel: { formatter: '{value}%' }, splitLine: { lineStyle: { color: '#eef0f3' } } });
const round1 = (v: number) => Math.round(v * 10) / 10;
const pctTooltip = { trigger: 'axis' as const, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : String(v)) };

export function ResumptionChart({ points }: { points: TrendPoint[] }) {
  const { t } = useTranslation();
  const option: EChartsOption = {
    grid,
    tooltip: pctTooltip,
    legend: { top: 0 },
    xAxis: { type: 'category', data: points.map((p) => shortDate(p.date)), boundaryGap: false },
    yAxis: pctAxis(100),
    series: [
      { name: t('overview.charts.resumptionRate'), type: 'line', smooth: true, symbolSize: 6, areaStyle: { opacity: 0.08 }, data: points.map((p) => round1(p.resumptionRate * 100)) },
      { name: t('overview.charts.reportingRate'), type: 'line', smooth: true, symbolSize: 6, lineStyle: { type: 'dashed' }, data: points.map((p) => round1(p.reportingRate * 100)) },
    ],
  };
  return <Chart option={option} label={t('overview.charts.resumptionTitle')} />;
}

export function OutputCapacityChart({ points }: { points: TrendPoint[] }) {
  const { t } = useTranslation();
  const option: EChartsOption = {
    grid,
    tooltip: pctTooltip,
    legend: { top: 0 },
    xAxis: { type: 'category', data: points.map((p) => shortDate(p.date)), boundaryGap: false },
    yAxis: pctAxis(),
    series: [
      { name: t('overview.charts.output'), type: 'line', smooth: true, symbolSize: 6, data: points.map((p) => round1(p.outputPct)) },
      { name: t('overview.charts.capacity'), type: 'line', smooth: true, symbolSize: 6, data: points.map((p) => round1(p.capacityPct)) },
    ],
  };
  return <Chart option={option} label={t('overview.charts.outputTitle')} />;
}

export function StaffChart({ points }: { points: TrendPoint[] }) {
  const { t } = useTranslation();
  const option: EChartsOption = {
    grid,
    tooltip: pctTooltip,
    legend: { top: 0 },
    xAxis: { type: 'category', data: points.map((p) => shortDate(p.date)), boundaryGap: false },
    yAxis: pctAxis(100),
    series: [{ name: t('overview.charts.staffOnDuty'), type: 'line', smooth: true, symbolSize: 6, color: '#0891b2', areaStyle: { opacity: 0.1 }, data: points.map((p) => round1(p.staffOnDutyRate * 100)) }],
  };
  return <Chart option={option} label={t('overview.charts.staffTitle')} />;
}

export function StageChart({ points }: { points: TrendPoint[] }) {
  const { t } = useTranslation();
  const option: EChartsOption = {
    grid,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: points.map((p) => shortDate(p.date)) },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f3' } } },
    series: [
      ...STAGES.map((s) => ({ name: t(`common.stages.${s}`), type: 'bar' as const, stack: 'stage', barMaxWidth: 28, color: STAGE_CHART_COLORS[s], data: points.map((p) => p.stages[s]) })),
      // Members that did not report: their state is unknown, shown as such rather than left out.
      { name: t('overview.charts.unknown'), type: 'bar' as const, stack: 'stage', barMaxWidth: 28, color: '#cbd5e1', data: points.map((p) => p.unknown) },
    ],
  };
  return <Chart option={option} label={t('overview.charts.stagesTitle')} />;
}

/** Blockers reported on the latest day, by category (most frequent first). */
export function BlockersChart({ points }: { points: TrendPoint[] }) {
  const { t } = useTranslation();
  const last = points[points.length - 1];
  const prev = points[points.length - 2];
  const cats = [...BLOCKER_CATEGORIES].sort((a, b) => (last?.blockers[a] ?? 0) - (last?.blockers[b] ?? 0));
  const option: EChartsOption = {
    grid: { ...grid, top: 32 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f3' } } },
    yAxis: { type: 'category', data: cats.map((c) => t(`common.blockers.${c}`)) },
    series: [
      { name: t('overview.charts.today'), type: 'bar', barMaxWidth: 14, color: '#f59e0b', data: cats.map((c) => last?.blockers[c] ?? 0) },
      { name: t('overview.charts.yesterday'), type: 'bar', barMaxWidth: 14, color: '#cbd5e1', data: cats.map((c) => prev?.blockers[c] ?? 0) },
    ],
  };
  return <Chart option={option} label={t('overview.charts.blockersTitle')} tall />;
}
