/** 政策兑现: the applications board with its moves and the totals (staff); a firm sees its own applications. */
import { Card } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { APPLICATION_STATUSES, type ApplicationFilters } from '../features/policies/api';
import { ApplicationsBoard, NewApplicationButton, NewApplicationDrawer, TotalsCard } from '../features/policies/Applications';
import { isPolicyManager } from '../features/policies/manager';
import { can, useSession } from '../lib/session';
import { PageHeader } from '../lib/ui';
import { int, oneOf, useUrlState } from '../lib/useUrlState';
import '../features/policies/policies.css';

const parse = (sp: URLSearchParams): ApplicationFilters & Record<string, string | number | undefined> => ({
  status: oneOf(sp, 'status', APPLICATION_STATUSES),
  policyId: int(sp, 'policyId'),
  page: int(sp, 'page'),
  pageSize: int(sp, 'pageSize'),
});

export default function PolicyApplicationsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [filters, setFilters] = useUrlState(parse);
  const [creating, setCreating] = useState(false);
  const manage = can(session, 'policy.fulfil') && isPolicyManager(session);
  const staff = can(session, 'policy.totals');
  return (
    <>
      <PageHeader
        title={staff ? t('policies.applications.title') : t('policies.applications.mineTitle')}
        subtitle={t('policies.applications.subtitle')}
        extra={manage ? <NewApplicationButton onClick={() => setCreating(true)} /> : null}
      />
      {staff ? <TotalsCard /> : null}
      <Card className="section">
        <ApplicationsBoard filters={filters} setFilters={setFilters} manage={manage} />
      </Card>
      {manage ? <NewApplicationDrawer open={creating} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
