import { useTranslation } from 'react-i18next';
import { Chart, type EChartsOption } from '../../lib/charts';
import { shortDate } from '../../lib/format';
import type { Report } from './api';

/** One enterprise's output, own capacity and staff on duty over its recent reports. */
export function ReportTrendChart({ reports }: { reports: Report[] }) {
  const { t } = useTranslation();
  const option: EChartsOption = {
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : String(v)) },
    legend: { top: 0 },
    xAxis: { type: 'category', data: reports.map((r) => shortDate(r.reportDate)), boundaryGap: false },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%' }, splitLine: { lineStyle: { color: '#eef0f3' } } },
    series: [
      { name: t('reports.fields.outputPct'), type: 'line', smooth: true, symbolSize: 6, data: reports.map((r) => r.outputPct) },
      { name: t('reports.fields.capacityPct'), type: 'line', smooth: true, symbolSize: 6, data: reports.map((r) => r.capacityPct) },
      { name: t('reports.history.staffRate'), type: 'line', smooth: true, symbolSize: 6, lineStyle: { type: 'dashed' }, data: reports.map((r) => (r.staffTotal ? Math.round((r.staffOnDuty / r.staffTotal) * 1000) / 10 : 0)) },
    ],
  };
  return <Chart option={option} label={t('reports.history.chartTitle')} />;
}
