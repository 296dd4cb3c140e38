/** 政策库: the library (search, benefit filter, pages), and for a firm the policies it qualifies for. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, List, Select, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BENEFIT_KINDS, useMyPolicies, usePolicies, type PolicyFilters, type PolicyListItem } from '../features/policies/api';
import { isPolicyManager } from '../features/policies/manager';
import { OutcomeList } from '../features/policies/Outcomes';
import { PolicyFormDrawer } from '../features/policies/PolicyForm';
import { departmentName } from '../lib/departments';
import { formatInt, formatYuan } from '../lib/format';
import { can, useSession } from '../lib/session';
import { EmptyState, ErrorState, ListItemMeta, PageHeader } from '../lib/ui';
import { int, oneOf, str, useUrlState } from '../lib/useUrlState';
import '../features/policies/policies.css';

const parse = (sp: URLSearchParams): PolicyFilters & Record<string, string | number | undefined> => ({
  q: str(sp, 'q'),
  benefitKind: oneOf(sp, 'benefitKind', BENEFIT_KINDS),
  page: int(sp, 'page'),
  pageSize: int(sp, 'pageSize'),
});

function MyPolicies({ enterpriseId }: { enterpriseId: number }) {
  const { t } = useTranslation();
  const mine = useMyPolicies(enterpriseId);
  return (
    <Card title={t('policies.mine.title')} className="section" data-testid="my-policies">
      <p className="muted">{t('policies.mine.subtitle')}</p>
      {mine.error ? (
        <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />
      ) : (
        <List
          loading={mine.isPending}
          dataSource={mine.data?.items ?? []}
          locale={{ emptyText: <EmptyState description={t('policies.mine.empty')} /> }}
          renderItem={(i) => (
            <List.Item extra={i.eligible ? <Tag color="green">{t('policies.mine.qualifies')}</Tag> : null}>
              <ListItemMeta
                title={<Link to={`/policies/${i.policy.id}`}>{i.policy.title}</Link>}
                description={
                  <>
                    <span>{t(`policies.benefitKinds.${i.policy.benefitKind}`)} {i.policy.benefitAmountFen !== null ? formatYuan(i.policy.benefitAmountFen) : ''}</span>
                    {i.missing.length ? <div>{t('policies.mine.needs')}<OutcomeList outcomes={i.missing} /></div> : null}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

export default function PoliciesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [filters, setFilters] = useUrlState(parse);
  const list = usePolicies(filters);
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const manage = can(session, 'policy.manage') && isPolicyManager(session);
  const firm = !can(session, 'policy.match') ? session.enterpriseIds[0] : undefined;

  return (
    <>
      <PageHeader
        title={t('policies.title')}
        subtitle={t('policies.subtitle')}
        extra={manage ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="policy-add">{t('policies.create')}</Button> : null}
      />
      {firm !== undefined ? <MyPolicies enterpriseId={firm} /> : null}
      <Card>
        <div className="filters" role="search">
          <Input.Search className="filter-search" allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setFilters({ q: v.trim() || undefined, page: 1 })} placeholder={t('policies.searchPlaceholder')} aria-label={t('policies.search')} />
          <Select allowClear aria-label={t('policies.fields.benefitKind')} placeholder={t('policies.anyBenefit')} value={filters.benefitKind} style={{ width: 150 }}
            options={BENEFIT_KINDS.map((k) => ({ value: k, label: t(`policies.benefitKinds.${k}`) }))} onChange={(v?: PolicyFilters['benefitKind']) => setFilters({ benefitKind: v, page: 1 })} />
        </div>
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<PolicyListItem>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items}
            scroll={{ x: 800 }}
            data-testid="policies"
            locale={{ emptyText: <EmptyState description={t('policies.empty')} /> }}
            pagination={{ current: list.data?.page ?? 1, pageSize: list.data?.pageSize ?? 20, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('common.totalItems', { total: formatInt(n) }) }}
            onChange={(p) => setFilters({ page: p.current, pageSize: p.pageSize })}
            columns={[
              { key: 'title', title: t('policies.fields.title'), render: (_, p) => <Link to={`/policies/${p.id}`}>{p.title}</Link> },
              { key: 'department', title: t('policies.fields.department'), render: (_, p) => (p.department ? departmentName(p.department) : <span className="muted">{t('policies.noDepartment')}</span>) },
              { key: 'benefit', title: t('policies.fields.benefitKind'), render: (_, p) => <span>{t(`policies.benefitKinds.${p.benefitKind}`)} {p.benefitAmountFen !== null ? formatYuan(p.benefitAmountFen) : ''}</span> },
              { key: 'issuedOn', title: t('policies.fields.issuedOn'), dataIndex: 'issuedOn' },
              { key: 'validTo', title: t('policies.fields.validTo'), render: (_, p) => p.validTo ?? t('policies.openEnded') },
              ...(can(session, 'policy.match') ? [{ key: 'eligible', title: t('policies.fields.eligible'), align: 'right' as const, render: (_: unknown, p: PolicyListItem) => t('policies.eligibleCount', { count: p.eligibleCount }) }] : []),
            ]}
          />
        )}
      </Card>
      {manage ? <PolicyFormDrawer open={creating} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
