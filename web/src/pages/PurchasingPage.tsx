/** 红色团购: the alliance's group-purchase campaigns, and opening a new one (staff). */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CampaignFormDrawer } from '../features/purchasing/CampaignForm';
import { CAMPAIGN_STATUSES, useCampaigns, type Campaign, type CampaignSummary } from '../features/purchasing/api';
import { formatFen } from '../lib/money';
import { CampaignStatusTag } from '../features/purchasing/parts';
import '../features/purchasing/purchasing.css';
import { formatDateTime, formatInt } from '../lib/format';
import { can, useSession } from '../lib/session';
import { EmptyState, ErrorState, PageHeader } from '../lib/ui';
import { int, oneOf, useUrlState } from '../lib/useUrlState';

type View = 'all' | Campaign['status'];
const parse = (sp: URLSearchParams) => ({ view: oneOf(sp, 'view', ['all', ...CAMPAIGN_STATUSES] as const), page: int(sp, 'page'), pageSize: int(sp, 'pageSize') });

export default function PurchasingPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [url, setUrl] = useUrlState(parse);
  const view: View = url.view ?? 'all';
  const list = useCampaigns({ status: view === 'all' ? undefined : view, page: url.page, pageSize: url.pageSize });
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t('purchasing.title')}
        subtitle={t('purchasing.subtitle')}
        extra={can(session, 'purchase.manage') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-create">{t('purchasing.create')}</Button> : null}
      />
      <Card>
        <Segmented<View>
          value={view}
          onChange={(v) => setUrl({ view: v, page: undefined })}
          options={(['all', ...CAMPAIGN_STATUSES] as const).map((v) => ({ value: v, label: v === 'all' ? t('purchasing.all') : t(`purchasing.statuses.${v}`) }))}
          className="filters"
        />
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<CampaignSummary>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items}
            scroll={{ x: 960 }}
            locale={{ emptyText: <EmptyState description={t('purchasing.empty')} /> }}
            pagination={{ current: list.data?.page ?? 1, pageSize: list.data?.pageSize ?? 20, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('common.totalItems', { total: formatInt(n) }) }}
            onChange={(p) => setUrl({ page: p.current, pageSize: p.pageSize })}
            columns={[
              { key: 'title', title: t('purchasing.fields.title'), dataIndex: 'title', render: (title: string, r) => <Link to={`/purchasing/${r.id}`}>{title}</Link> },
              { key: 'supplier', title: t('purchasing.fields.supplier'), dataIndex: 'supplier', width: 200, ellipsis: true },
              {
                key: 'status',
                title: t('purchasing.fields.status'),
                dataIndex: 'status',
                width: 150,
                render: (s: Campaign['status'], r) => (
                  <>
                    <CampaignStatusTag status={s} />
                    {r.pledgeOpen ? <Tag color="red">{t('purchasing.pledging')}</Tag> : null}
                  </>
                ),
              },
              { key: 'pledgeDeadline', title: t('purchasing.fields.pledgeDeadline'), dataIndex: 'pledgeDeadline', width: 180, render: (v: string) => formatDateTime(v) },
              { key: 'itemCount', title: t('purchasing.fields.itemCount'), dataIndex: 'itemCount', width: 90, align: 'right' },
              { key: 'firmCount', title: t('purchasing.fields.firmCount'), dataIndex: 'firmCount', width: 100, align: 'right' },
              { key: 'totalFen', title: t('purchasing.fields.total'), dataIndex: 'totalFen', width: 140, align: 'right', render: (v: number) => formatFen(v) },
            ]}
          />
        )}
      </Card>
      <CampaignFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          void navigate(`/purchasing/${c.id}`);
        }}
      />
    </>
  );
}
