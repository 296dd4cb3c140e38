import { DownloadOutlined, PlusOutlined, UploadOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AssignCommissionerModal, ClearCommissionersButton } from '../features/enterprises/CommissionerAssign';
import { JoinRequestsButton } from '../features/memberships/JoinRequests';
import { EnterpriseFiltersBar } from '../features/enterprises/EnterpriseFiltersBar';
import { EnterpriseFormDrawer } from '../features/enterprises/EnterpriseForm';
import { EnterpriseTable } from '../features/enterprises/EnterpriseTable';
import { ImportModal } from '../features/enterprises/ImportModal';
import { exportPath, useEnterprises, useExportEnterprises, type Enterprise, type EnterpriseFilters } from '../features/enterprises/api';
import { errorMessage } from '../lib/errors';
import { formatInt } from '../lib/format';
import { can, currentAllianceName, useSession } from '../lib/session';
import { ErrorState, PageHeader } from '../lib/ui';
import { int, oneOf, str, useUrlState } from '../lib/useUrlState';

const parse = (sp: URLSearchParams): EnterpriseFilters & Record<string, string | number | boolean | undefined> => ({
  q: str(sp, 'q'),
  districtCode: str(sp, 'districtCode'),
  industry: str(sp, 'industry'),
  stage: oneOf(sp, 'stage', ['stopped', 'partial', 'full', 'none'] as const),
  sort: oneOf(sp, 'sort', ['name', 'headcount', 'createdAt', 'districtCode', 'outputPct'] as const),
  order: oneOf(sp, 'order', ['asc', 'desc'] as const),
  page: int(sp, 'page'),
  pageSize: int(sp, 'pageSize'),
});

export default function MembersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const navigate = useNavigate();
  const [filters, setFilters] = useUrlState(parse);
  const list = useEnterprises(filters);
  const exporter = useExportEnterprises();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const canAssign = can(session, 'commissioner.assign');
  const [selected, setSelected] = useState<Enterprise[]>([]);
  /** The firms the open assignment dialog is for (a snapshot: saving shrinks the selection). */
  const [assigning, setAssigning] = useState<Enterprise[] | null>(null);
  const keepUnsaved = (saved: number[]) => setSelected((rows) => rows.filter((r) => !saved.includes(r.id)));

  return (
    <>
      <PageHeader
        title={t('enterprises.list.title')}
        subtitle={list.data ? t('enterprises.list.subtitle', { alliance: currentAllianceName(session), total: formatInt(list.data.total) }) : currentAllianceName(session)}
        extra={
          <>
            {can(session, 'membership.request') ? <JoinRequestsButton defaultOpen={new URLSearchParams(window.location.search).has('joinRequests')} /> : null}
            {can(session, 'enterprise.export') ? (
              <Button
                icon={<DownloadOutlined />}
                href={`/api${exportPath(filters)}`}
                loading={exporter.isPending}
                onClick={(e) => {
                  e.preventDefault();
                  exporter.mutate(filters, { onError: (err) => message.error(errorMessage(t, err)) });
                }}
              >
                {t('enterprises.list.export')}
              </Button>
            ) : null}
            {can(session, 'enterprise.import') ? <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>{t('enterprises.list.import')}</Button> : null}
            {can(session, 'enterprise.create') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('enterprises.list.create')}</Button>
            ) : null}
          </>
        }
      />
      <Card>
        <EnterpriseFiltersBar filters={filters} onChange={setFilters} />
        {canAssign && selected.length ? (
          <div className="bulk-bar" role="region" aria-label={t('enterprises.list.bulkActions')}>
            <Typography.Text strong>{t('enterprises.list.selected', { count: selected.length })}</Typography.Text>
            <Space wrap>
              <Button type="primary" icon={<UserSwitchOutlined />} onClick={() => setAssigning(selected)} data-testid="bulk-assign">
                {t('enterprises.commissioner.assignMany')}
              </Button>
              <ClearCommissionersButton firms={selected} onCleared={keepUnsaved} />
              <Button type="link" onClick={() => setSelected([])}>{t('enterprises.list.clearSelection')}</Button>
            </Space>
          </div>
        ) : null}
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <EnterpriseTable
            data={list.data}
            loading={list.isFetching}
            filters={filters}
            onChange={setFilters}
            emptyText={filters.q || filters.districtCode || filters.industry || filters.stage ? t('enterprises.list.noMatch') : t('enterprises.list.empty')}
            selection={canAssign ? { selected, onChange: setSelected } : undefined}
          />
        )}
      </Card>
      <EnterpriseFormDrawer open={creating} onClose={() => setCreating(false)} onSaved={(e) => navigate(`/members/${e.id}`)} />
      <ImportModal open={importing} onClose={() => setImporting(false)} />
      <AssignCommissionerModal open={!!assigning} firms={assigning ?? []} onClose={() => setAssigning(null)} onSaved={keepUnsaved} />
    </>
  );
}
