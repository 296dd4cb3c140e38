import { ArrowDownOutlined, ArrowUpOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Statistic, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInt } from '../../lib/format';
import { Panel } from '../../lib/ui';
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

/** A figure's title with its definition one hover away (and read out by screen readers: the icon's label). */
function Defined({ title, definition }: { title: string; definition: string }) {
  return (
    <span>
      {title}{' '}
      <Tooltip title={definition}>
        <QuestionCircleOutlined className="muted" aria-label={definition} />
      </Tooltip>
    </span>
  );
}

function Kpi({ title, definition, value, suffix, foot, testId }: { title: string; definition: string; value: ReactNode; suffix?: string; foot: ReactNode; testId: string }) {
  return (
    <Panel className="kpi-card" testId={testId}>
      <Statistic title={<Defined title={title} definition={definition} />} value={value as string} suffix={suffix} />
      <div className="kpi-foot">{foot}</div>
    </Panel>
  );
}

/** The day's headline numbers, each compared with the day before. */
export function KpiCards({ points }: { points: TrendPoint[] }) {
  const { t } = useTranslation();
  const today = points[points.length - 1];
  const prev = points[points.length - 2];
  if (!today) return null;
  const pct = (v: number) => Number((v * 100).toFixed(1));
  return (
    <div className="kpi-grid">
      <Kpi
        testId="kpi-resumption"
        title={t('overview.kpi.resumptionRate')}
        definition={t('overview.definitions.resumptionRate')}
        value={pct(today.resumptionRate)}
        suffix="%"
        foot={
          <>
            <Delta now={pct(today.resumptionRate)} before={prev && pct(prev.resumptionRate)} />
            {today.unknown > 0 && <div data-testid="kpi-unknown">{t('overview.kpi.unknownFoot', { count: today.unknown, members: today.members })}</div>}
          </>
        }
      />
      <Kpi
        testId="kpi-reported"
        title={t('overview.kpi.reported')}
        definition={t('overview.definitions.reportingRate')}
        value={formatInt(today.reported)}
        suffix={`/ ${formatInt(today.members)}`}
        foot={t('overview.kpi.reportedFoot', { rate: (today.reportingRate * 100).toFixed(0) })}
      />
      <Kpi testId="kpi-output" title={t('overview.kpi.output')} definition={t('overview.definitions.output')} value={today.outputPct.toFixed(1)} suffix="%" foot={<Delta now={today.outputPct} before={prev?.outputPct} />} />
      <Kpi testId="kpi-capacity" title={t('overview.kpi.capacity')} definition={t('overview.definitions.capacity')} value={today.capacityPct.toFixed(1)} suffix="%" foot={<Delta now={today.capacityPct} before={prev?.capacityPct} />} />
      <Kpi testId="kpi-staff" title={t('overview.kpi.staffOnDuty')} definition={t('overview.definitions.staffOnDuty')} value={pct(today.staffOnDutyRate)} suffix="%" foot={<Delta now={pct(today.staffOnDutyRate)} before={prev && pct(prev.staffOnDutyRate)} />} />
    </div>
  );
}
