import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Card, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInt } from '../../lib/format';
import type { TrendPoint } from './api';

function Delta({ now, before }: { now: number; before: number | undefined }) {
  const { t } = useTranslation();
  if (before === undefined) return <span>{t('overview.kpi.noComparison')}</span>;
  const d = now - before;
  if (Math.abs(d) < 0.05) return <span>{t('overview.kpi.flat')}</span>;
  const Icon = d > 0 ? ArrowUpOutlined : ArrowDownOutlined;
  return (
    <span className={d > 0 ? 'kpi-up' : 'kpi-down'}>
      <Icon aria-hidden /> {t('overview.kpi.deltaPoints', { value: Math.abs(d).toFixed(1) })}
    </span>
  );
}

function Kpi({ title, value, suffix, foot, testId }: { title: string; value: ReactNode; suffix?: string; foot: ReactNode; testId: string }) {
  return (
    <Card className="kpi-card" data-testid={testId}>
      <Statistic title={title} value={value as string} suffix={suffix} />
      <div className="kpi-foot">{foot}</div>
    </Card>
  );
}

/** The day's headline numbers, each compared with the day before. */
export function KpiCards({ points }: { points: TrendPoint[] }) {
  const { t } = useTranslation();
  const today = points[points.length - 1];
  const prev = points[points.length - 2];
  if (!today) return null;
  const pct = (v: number) => Number((v * 100).toFixed(1));
  const reportedRate = today.members ? today.reported / today.members : 0;
  return (
    <div className="kpi-grid">
      <Kpi testId="kpi-resumption" title={t('overview.kpi.resumptionRate')} value={pct(today.resumptionRate)} suffix="%" foot={<Delta now={pct(today.resumptionRate)} before={prev && pct(prev.resumptionRate)} />} />
      <Kpi
        testId="kpi-reported"
        title={t('overview.kpi.reported')}
        value={formatInt(today.reported)}
        suffix={`/ ${formatInt(today.members)}`}
        foot={t('overview.kpi.reportedFoot', { rate: (reportedRate * 100).toFixed(0) })}
      />
      <Kpi testId="kpi-output" title={t('overview.kpi.output')} value={today.outputPct.toFixed(1)} suffix="%" foot={<Delta now={today.outputPct} before={prev?.outputPct} />} />
      <Kpi testId="kpi-capacity" title={t('overview.kpi.capacity')} value={today.capacityPct.toFixed(1)} suffix="%" foot={<Delta now={today.capacityPct} before={prev?.capacityPct} />} />
      <Kpi testId="kpi-staff" title={t('overview.kpi.staffOnDuty')} value={pct(today.staffOnDutyRate)} suffix="%" foot={<Delta now={pct(today.staffOnDutyRate)} before={prev && pct(prev.staffOnDutyRate)} />} />
    </div>
  );
}
