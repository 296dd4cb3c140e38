/** The overview's shared-employee card: staff away / lent / borrowed from the day's reports, and the placements' figures. */
import { Col, Row, Statistic, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatInt } from '../../lib/format';
import { ErrorState, PageLoading } from '../../lib/ui';
import { useWorkforceFigures } from './api';

export interface StaffSums {
  staffAway: number;
  staffLentOut: number;
  staffBorrowedIn: number;
}

export function WorkforceFiguresCard({ staff }: { staff: StaffSums | undefined }) {
  const { t } = useTranslation();
  const q = useWorkforceFigures();
  if (q.isPending) return <PageLoading rows={3} />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const f = q.data;
  const stats = [
    { key: 'away', title: t('workforce.figures.staffAway'), value: formatInt(staff?.staffAway ?? 0) },
    { key: 'lent', title: t('workforce.figures.lentOut'), value: formatInt(staff?.staffLentOut ?? 0) },
    { key: 'borrowed', title: t('workforce.figures.borrowedIn'), value: formatInt(staff?.staffBorrowedIn ?? 0) },
    { key: 'today', title: t('workforce.figures.lentToday'), value: formatInt(f.workersLentToday) },
    { key: 'demand', title: t('workforce.figures.demand'), value: `${formatInt(f.demand.filled)} / ${formatInt(f.demand.open)}` },
    { key: 'days', title: t('workforce.figures.daysWorked'), value: formatInt(f.daysWorked) },
    { key: 'firms', title: t('workforce.figures.firmsHelped'), value: formatInt(f.firmsHelped) },
  ];
  return (
    <div data-testid="workforce-figures">
      <Row gutter={[12, 12]}>
        {stats.map((s) => (
          <Col key={s.key} xs={12} md={6}>
            <Statistic title={s.title} value={s.value} />
          </Col>
        ))}
      </Row>
      <div style={{ marginTop: 12 }}>
        <span className="muted small">{t('workforce.figures.byChain')}</span>{' '}
        {f.placementsByChain.length ? f.placementsByChain.map((c) => <Tag key={c.chain}>{`${c.chain} ${c.placements}`}</Tag>) : <span className="muted small">{t('workforce.figures.none')}</span>}
      </div>
    </div>
  );
}
