/** Overview card: risks whose review date has passed (a plain list: no Ant Design List, whose pagination the overview would download). */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ErrorState, PageLoading, ListItemMeta } from '../../lib/ui';
import { useOverdueReviews } from './api';
import { LevelTag } from './LevelTag';

export function OverdueReviewsCard() {
  const { t } = useTranslation();
  const overdue = useOverdueReviews();
  if (overdue.isPending) return <PageLoading rows={3} />;
  if (overdue.error) return <ErrorState error={overdue.error} onRetry={() => void overdue.refetch()} />;
  return (
    <div className="plain-list" data-testid="risk-reviews-overdue">
      <div className="plain-list-header">
        <Link to="/risks">{t('risks.overdue.title', { count: overdue.data.length })}</Link>
      </div>
      {overdue.data.length === 0 ? (
        <EmptyState description={t('risks.overdue.none')} />
      ) : (
        <ul>
          {overdue.data.map((r) => (
            <li key={r.id} className="plain-list-item">
              <ListItemMeta title={r.title} description={t('risks.overdue.since', { date: r.reviewDate ?? '', owner: r.owner?.displayName ?? t('common.unassigned') })} />
              <LevelTag score={r.score} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
