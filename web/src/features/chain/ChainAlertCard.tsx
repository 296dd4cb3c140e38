/** The overview's chain-break card: how many firms the forecast says stop within 30 days. */
import { ArrowRightOutlined, WarningOutlined } from '@ant-design/icons';
import { Skeleton, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatInt } from '../../lib/format';
import { DEFAULT_PARAMS, useAnalysis } from './api';
import { breaksWithin } from './model';
import './chain.css';

const DAYS = 30;

export function ChainAlertCard() {
  const { t } = useTranslation();
  const q = useAnalysis({ ...DEFAULT_PARAMS, horizon: DAYS });
  if (q.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (q.error) return <span className="muted">{t('overview.chain.failed')}</span>;
  const firms = breaksWithin(q.data, DAYS).sort((a, b) => a.breakDay! - b.breakDay!);
  const workers = firms.reduce((s, f) => s + f.headcount, 0);
  return (
    <div className="chain-alert" data-testid="overview-chain-alert">
      <Statistic
        title={t('overview.chain.count', { days: DAYS })}
        value={firms.length}
        suffix={t('chain.forecast.firmsUnit')}
        prefix={firms.length ? <WarningOutlined /> : undefined}
        styles={{ content: { color: firms.length ? '#b91c1c' : '#15803d' } }}
      />
      <p className="muted chain-alert-foot">
        {firms.length
          ? t('overview.chain.first', { name: firms[0].name, day: firms[0].breakDay, workers: formatInt(workers) })
          : t('overview.chain.none', { days: DAYS })}
      </p>
      {firms.length ? (
        <ul className="chain-alert-list">
          {firms.slice(0, 4).map((f) => (
            <li key={f.id}>
              <span className="chain-alert-day">{t('chain.day', { day: f.breakDay })}</span>
              <Link to={`/chain/map?firm=${f.id}`}>{f.name}</Link>
              <span className="muted small">{f.cause ? t('chain.map.lacks', { item: f.cause.item }) : ''}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <Link to="/chain/forecast" className="chain-alert-link">
        {t('overview.chain.open')} <ArrowRightOutlined aria-hidden />
      </Link>
    </div>
  );
}
