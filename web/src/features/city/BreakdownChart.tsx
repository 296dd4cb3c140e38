/** Daily figures per district or industry; the latest day's figure of each group opens its firms. */
import { Segmented, Space } from 'antd';
import { LegendScrollComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type EChartsOption } from '../../lib/charts';
import { districtName, industryName } from '../../lib/domain';
import { formatInt, formatRate, shortDate } from '../../lib/format';
import { currentLocale } from '../../lib/i18n';
import { EmptyState } from '../../lib/ui';
import type { Breakdown, FirmsFilter } from './api';
import { FigureLink } from './FigureLink';

// Up to eight districts or industries: the legend scrolls (the shared charts register the plain one).
echarts.use([LegendScrollComponent]);

const METRICS = ['resumptionRate', 'reportingRate', 'outputPct', 'staffOnDutyRate'] as const;
type Metric = (typeof METRICS)[number];
const MAX_SERIES = 8;

export function BreakdownChart({ data, dark, onDrill }: { data: Breakdown; dark?: boolean; onDrill: (f: FirmsFilter) => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [metric, setMetric] = useState<Metric>('resumptionRate');
  const name = (key: string) => (data.by === 'district' ? districtName(key, locale) : industryName(key, locale));
  const groups = data.groups.slice(0, MAX_SERIES);
  if (!groups.length) return <EmptyState description={t('city.breakdown.empty')} />;
  const value = (p: Breakdown['groups'][number]['points'][number]) => Math.round((metric === 'outputPct' ? p[metric] : p[metric] * 100) * 10) / 10;
  const dates = groups[0]!.points.map((p) => p.date);
  const axisColor = dark ? '#cbd5e1' : undefined;
  const option: EChartsOption = {
    grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : String(v)) },
    legend: { top: 0, type: 'scroll', textStyle: { color: axisColor } },
    xAxis: { type: 'category', data: dates.map(shortDate), boundaryGap: false, axisLabel: { color: axisColor } },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%', color: axisColor }, splitLine: { lineStyle: { color: dark ? '#334155' : '#eef0f3' } } },
    series: groups.map((g) => ({ name: name(g.key), type: 'line', smooth: true, symbolSize: 5, data: g.points.map(value) })),
  };
  const last = dates[dates.length - 1]!;
  return (
    <div>
      <Segmented<Metric>
        size="small"
        value={metric}
        onChange={setMetric}
        options={METRICS.map((m) => ({ value: m, label: t(`city.breakdown.${m}`) }))}
        aria-label={t('city.breakdown.metric')}
      />
      <Chart option={option} label={t(`city.breakdown.${data.by}Title`)} />
      <Space wrap size={[4, 4]} className="city-breakdown-groups">
        {groups.map((g) => {
          const p = g.points[g.points.length - 1]!;
          const filter: FirmsFilter = { figure: 'resumed', date: last, ...(data.by === 'district' ? { district: g.key } : { industry: g.key }) };
          return (
            <FigureLink key={g.key} label={t('city.breakdown.drill', { group: name(g.key), resumed: p.resumed, members: g.members })} onOpen={() => onDrill(filter)}>
              {name(g.key)} {formatInt(p.resumed)}/{formatInt(g.members)} ({formatRate(p.resumptionRate)})
            </FigureLink>
          );
        })}
      </Space>
    </div>
  );
}
