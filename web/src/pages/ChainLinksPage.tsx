/**
 * 供应关系: supply links — the alliance's map for staff, one's own links for an enterprise — with
 * declare, confirm, edit and delete.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LinkFormDrawer, isStaff } from '../features/chain/LinkForm';
import { LinksTable } from '../features/chain/LinksTable';
import { useLinks, type Link, type LinkFilters } from '../features/chain/api';
import { MemberSelect } from '../features/chain/MemberSelect';
import { formatInt } from '../lib/format';
import { can, currentAllianceName, useSession } from '../lib/session';
import { ErrorState, PageHeader } from '../lib/ui';
import { int, oneOf, useUrlState } from '../lib/useUrlState';

const parse = (sp: URLSearchParams): LinkFilters & Record<string, string | number | boolean | undefined> => ({
  enterpriseId: int(sp, 'enterpriseId'),
  status: oneOf(sp, 'status', ['pending', 'confirmed'] as const),
  page: int(sp, 'page'),
  pageSize: int(sp, 'pageSize'),
});

export default function ChainLinksPage() {
  const { t } = useTranslation();
  const session = useSession();
  const staff = isStaff(session);
  const canDeclare = can(session, 'chain.declare');
  const [filters, setFilters] = useUrlState(parse);
  const list = useLinks({ ...filters, pageSize: filters.pageSize ?? 20 });
  const pending = useLinks({ status: 'pending', pageSize: 200 }, !staff && canDeclare);
  const [editing, setEditing] = useState<Link | undefined>();
  const [declaring, setDeclaring] = useState(false);
  const toConfirm = pending.data?.items.filter((l) => l.canConfirm).length ?? 0;

  return (
    <>
      <PageHeader
        title={t('chain.links.title')}
        subtitle={
          list.data
            ? t(staff ? 'chain.links.subtitleStaff' : 'chain.links.subtitleFirm', { alliance: currentAllianceName(session), total: formatInt(list.data.total) })
            : currentAllianceName(session)
        }
        extra={canDeclare ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setDeclaring(true)} data-testid="link-declare">{t('chain.links.declare')}</Button> : null}
      />
      {toConfirm > 0 && !filters.status ? (
        <Alert
          type="warning"
          showIcon
          className="section-alert"
          title={t('chain.links.pendingAlert', { n: toConfirm })}
          action={<Button size="small" onClick={() => setFilters({ status: 'pending', page: undefined })}>{t('chain.links.showPending')}</Button>}
        />
      ) : null}
      <Card>
        <div className="filters">
          <Select
            allowClear
            aria-label={t('chain.fields.linkStatus')}
            placeholder={t('chain.links.allStatuses')}
            value={filters.status}
            onChange={(v?: 'pending' | 'confirmed') => setFilters({ status: v, page: undefined })}
            options={[
              { value: 'pending', label: t('chain.linkStatus.pending') },
              { value: 'confirmed', label: t('chain.linkStatus.confirmed') },
            ]}
            style={{ width: 160 }}
          />
          {staff ? (
            <MemberSelect
              allowClear
              ariaLabel={t('chain.links.firmFilter')}
              placeholder={t('chain.links.firmFilter')}
              value={filters.enterpriseId}
              onChange={(v) => setFilters({ enterpriseId: v, page: undefined })}
              style={{ width: 280 }}
            />
          ) : null}
        </div>
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <LinksTable
            data={list.data}
            loading={list.isFetching}
            filters={filters}
            onChange={setFilters}
            canEdit={canDeclare}
            staff={staff}
            onEdit={setEditing}
            emptyText={filters.status || filters.enterpriseId ? t('chain.links.noMatch') : t('chain.links.empty')}
          />
        )}
      </Card>
      <LinkFormDrawer open={declaring || !!editing} link={editing} session={session} onClose={() => { setDeclaring(false); setEditing(undefined); }} />
    </>
  );
}
