/**
 * The break forecast: headline figures, the chain output curve (Y as a share of normal) and the
 * timeline of which firms stop on which day and why.
 */
import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Chart, type EChartsOption } from '../../lib/charts';
import { formatInt } from '../../lib/format';
import { EmptyState } from '../../lib/ui';
import type { Analysis, AnalysisFirm } from './api';
import { CausePath } from './CausePath';
import { FileProblemButton } from './FileProblem';
import { DayLabel } from './FirmPanel';
import { breakTimeline, outputPct, rootCause } from './model';

const round1 = (v: number) => Math.round(v * 10) / 10;

/** Chain output per day as % of normal; with a scenario, before and after. */
export function OutputCurve({ analysis, tall }: { analysis: Analysis; tall?: boolean }) {
  const { t } = useTranslation();
  const base = outputPct(analysis).map(round1);
  const after = analysis.scenario ? outputPct(analysis, analysis.scenario.yAfter).map(round1) : null;
  const min = Math.min(...base, ...(after ?? []));
  const option: EChartsOption = {
    grid: { left: 8, right: 20, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : String(v)) },
    xAxis: { type: 'category', boundaryGap: false, data: base.map((_, d) => t('chain.dayShort', { day: d })) },
    yAxis: { type: 'value', min: Math.max(0, Math.floor((min - 5) / 10) * 10), max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { lineStyle: { color: '#eef0f3' } } },
    series: [
      { name: after ? t('chain.forecast.before') : t('chain.forecast.outputSeries'), type: 'line', smooth: true, symbolSize: 5, color: '#1d4ed8', areaStyle: after ? undefined : { opacity: 0.08 }, data: base },
      ...(after ? [{ name: t('chain.forecast.after', { name: analysis.scenario!.name }), type: 'line' as const, smooth: true, symbolSize: 5, color: '#dc2626', lineStyle: { type: 'dashed' as const }, data: after }] : []),
    ],
  };
  return <Chart option={option} label={t('chain.forecast.outputTitle')} tall={tall} />;
}

export function ForecastSummary({ analysis }: { analysis: Analysis }) {
  const { t } = useTranslation();
  const timeline = breakTimeline(analysis);
  const curve = outputPct(analysis);
  const low = curve.reduce((m, v, i) => (v < curve[m] ? i : m), 0);
  const workers = timeline.reduce((s, f) => s + f.headcount, 0);
  // The steady-state estimate is one state, not a run of days: no "within N days", no "day 0".
  const steady = analysis.mode === 'static';
  return (
    <div className="kpi-grid chain-kpis">
      <Card className="kpi-card" data-testid="forecast-breaks">
        <Statistic title={steady ? t('chain.forecast.kpiBreaksSteady') : t('chain.forecast.kpiBreaks', { days: analysis.Y.length })} value={timeline.length} suffix={t('chain.forecast.firmsUnit')} styles={{ content: { color: timeline.length ? '#b91c1c' : '#15803d' } }} />
        <div className="kpi-foot">{t('chain.forecast.kpiWorkers', { workers: formatInt(workers) })}</div>
      </Card>
      <Card className="kpi-card">
        {steady ? (
          <>
            <Statistic title={t('chain.forecast.kpiWorstSteady')} value={timeline.length ? timeline[0].name : '—'} />
            <div className="kpi-foot">{timeline.length ? t('chain.forecast.kpiWorstSteadyFoot') : t('chain.forecast.noBreakSteady')}</div>
          </>
        ) : (
          <>
            <Statistic title={t('chain.forecast.kpiFirst')} value={timeline.length ? t('chain.day', { day: timeline[0].breakDay }) : '—'} />
            <div className="kpi-foot">{timeline.length ? timeline[0].name : t('chain.forecast.noBreakShort')}</div>
          </>
        )}
      </Card>
      <Card className="kpi-card">
        <Statistic title={t('chain.forecast.kpiToday')} value={round1(curve[0] ?? 0)} suffix="%" />
        <div className="kpi-foot">{t('chain.forecast.kpiTodayFoot')}</div>
      </Card>
      <Card className="kpi-card">
        <Statistic title={steady ? t('chain.forecast.kpiSteady') : t('chain.forecast.kpiLow')} value={round1(curve[low] ?? 0)} suffix="%" />
        <div className="kpi-foot">{steady ? t('chain.forecast.kpiSteadyFoot') : t('chain.forecast.kpiLowFoot', { day: low })}</div>
      </Card>
    </div>
  );
}

export function BreakTable({ analysis, mapLink }: { analysis: Analysis; mapLink: (id: number) => string }) {
  const { t } = useTranslation();
  const rows = useMemo(() => breakTimeline(analysis), [analysis]);
  return (
    <Table<AnalysisFirm>
      size="middle"
      rowKey="id"
      dataSource={rows}
      data-testid="break-table"
      scroll={{ x: 980 }}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: <EmptyState description={analysis.mode === 'static' ? t('chain.forecast.noBreakSteady') : t('chain.forecast.noBreaks', { days: analysis.Y.length })} /> }}
      rowClassName="break-row"
      columns={[
        // A steady-state estimate has no days to break on.
        ...(analysis.mode === 'static' ? [] : [{ key: 'day', title: t('chain.forecast.colDay'), width: 140, render: (_: unknown, f: AnalysisFirm) => <Typography.Text strong type="danger"><DayLabel day={f.breakDay!} /></Typography.Text> }]),
        { key: 'firm', title: t('chain.forecast.colFirm'), width: 240, render: (_, f) => <Link to={mapLink(f.id)}>{f.name}</Link> },
        { key: 'item', title: t('chain.fields.bindingItem'), width: 110, render: (_, f) => f.cause?.item ?? '—' },
        {
          key: 'root', title: t('chain.forecast.colRoot'), width: 240,
          render: (_, f) => {
            const r = rootCause(f);
            if (!r || r.id === f.id) return '—';
            const why = f.cause?.rootReason;
            // The path ends at the root firm's own reason: its latest report's stage and blockers.
            const text = why ? [t(`common.stages.${why.stage}`, { defaultValue: why.stage }), ...why.blockers.map((b) => (b.note ? t('chain.problem.blockerWithNote', { category: t(`common.blockers.${b.category}`, { defaultValue: b.category }), note: b.note }) : t(`common.blockers.${b.category}`, { defaultValue: b.category })))].join(t('chain.problem.reasonSep')) : '';
            return (
              <>
                <Link to={mapLink(r.id)}>{r.name}</Link>
                {text ? <div className="muted small" data-testid="root-reason">{text}</div> : null}
              </>
            );
          },
        },
        { key: 'path', title: t('chain.forecast.colPath'), render: (_, f) => <CausePath analysis={analysis} firm={f} compact /> },
        { key: 'headcount', title: t('chain.fields.headcount'), width: 90, align: 'right', render: (_, f) => formatInt(f.headcount) },
        ...(analysis.jobId ? [{ key: 'action', title: t('chain.problem.column'), width: 130, render: (_: unknown, f: AnalysisFirm) => { const r = rootCause(f); return r ? <FileProblemButton analysis={analysis} from="break" firmId={f.id} root={r} /> : null; } }] : []),
      ]}
    />
  );
}
