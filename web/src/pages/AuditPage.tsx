import { Button, Card, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { AuditTable } from '../features/audit/AuditTable';
import { useAudit } from '../features/audit/api';
import { currentAllianceName, useSession } from '../lib/session';
import { ErrorState, PageHeader } from '../lib/ui';
import { int, str, useUrlState } from '../lib/useUrlState';

const parse = (sp: URLSearchParams) => ({ targetType: str(sp, 'targetType'), targetId: str(sp, 'targetId'), page: int(sp, 'page'), pageSize: int(sp, 'pageSize') });

export default function AuditPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [filters, setFilters] = useUrlState(parse);
  const audit = useAudit(filters);
  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={currentAllianceName(session)} />
      <Card>
        {filters.targetType ? (
          <div className="filters">
            <Tag color="blue" closable onClose={() => setFilters({ targetType: undefined, targetId: undefined, page: 1 })}>
              {t('audit.filteredBy', { target: `${t(`audit.targets.${filters.targetType}`, { defaultValue: filters.targetType })}${filters.targetId ? ` #${filters.targetId}` : ''}` })}
            </Tag>
            <Button size="small" type="link" onClick={() => setFilters({ targetType: undefined, targetId: undefined, page: 1 })}>{t('audit.showAll')}</Button>
          </div>
        ) : null}
        {audit.error ? <ErrorState error={audit.error} onRetry={() => void audit.refetch()} /> : <AuditTable data={audit.data} loading={audit.isFetching} filters={filters} onChange={setFilters} />}
      </Card>
    </>
  );
}
