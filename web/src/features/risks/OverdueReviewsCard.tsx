/** Overview card: risks whose review date has passed. */
import { List } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ErrorState, PageLoading, ListItemMeta } from '../../lib/ui';
import { useOverdueReviews } from './api';
import { LevelTag } from './RiskForm';

export function OverdueReviewsCard() {
  const { t } = useTranslation();
  const overdue = useOverdueReviews();
  if (overdue.isPending) return <PageLoading rows={3} />;
  if (overdue.error) return <ErrorState error={overdue.error} onRetry={() => void overdue.refetch()} />;
  return (
    <List
      size="small"
      dataSource={overdue.data}
      data-testid="risk-reviews-overdue"
      locale={{ emptyText: <EmptyState description={t('risks.overdue.none')} /> }}
      header={<Link to="/risks">{t('risks.overdue.title', { count: overdue.data.length })}</Link>}
      renderItem={(r) => (
        <List.Item extra={<LevelTag score={r.score} />}>
          <ListItemMeta title={r.title} description={t('risks.overdue.since', { date: r.reviewDate ?? '', owner: r.owner?.displayName ?? t('common.unassigned') })} />
        </List.Item>
      )}
    />
  );
}
