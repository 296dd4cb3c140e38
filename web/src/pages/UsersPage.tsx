import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateUserDrawer } from '../features/users/CreateUserDrawer';
import { ResetPasswordModal, mayManageUser, mayResetPassword } from '../features/users/ResetPasswordModal';
import { UsersTable } from '../features/users/UsersTable';
import { useUsers, type User } from '../features/users/api';
import { ROLES } from '../lib/domain';
import { can, currentAllianceName, hasRole, useSession } from '../lib/session';
import { ErrorState, PageHeader } from '../lib/ui';
import { int, oneOf, str, useUrlState } from '../lib/useUrlState';

const parse = (sp: URLSearchParams) => ({ q: str(sp, 'q'), role: oneOf(sp, 'role', ROLES), page: int(sp, 'page'), pageSize: int(sp, 'pageSize') });

export default function UsersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [filters, setFilters] = useUrlState(parse);
  const users = useUsers(filters);
  const [creating, setCreating] = useState(false);
  const canManage = can(session, 'user.manage');
  const [resetting, setResetting] = useState<User | null>(null);
  // A firm admin (not alliance staff) creates accounts for their own firms only.
  const firmsOnly = hasRole(session, 'platform_admin', 'secretary') ? undefined : session.grants.filter((g) => g.role === 'enterprise_admin' && g.enterpriseId !== null).map((g) => g.enterpriseId as number);
  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={currentAllianceName(session)}
        extra={canManage ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('users.create')}</Button> : null}
      />
      <Card>
        <div className="filters" role="search">
          <Input.Search className="filter-search" allowClear defaultValue={filters.q} placeholder={t('users.search')} aria-label={t('users.search')} onSearch={(v) => setFilters({ q: v.trim() || undefined, page: 1 })} />
          <Select
            allowClear
            aria-label={t('users.fields.role')}
            placeholder={t('users.anyRole')}
            value={filters.role}
            style={{ width: 180 }}
            options={ROLES.map((r) => ({ value: r, label: t(`common.roles.${r}`) }))}
            onChange={(v?: string) => setFilters({ role: v as (typeof ROLES)[number] | undefined, page: 1 })}
          />
        </div>
        {users.error ? (
          <ErrorState error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <UsersTable
            data={users.data}
            loading={users.isFetching}
            filters={filters}
            onChange={setFilters}
            canManage={(u) => canManage && mayManageUser(session, u)}
            selfId={session.user.id}
            onResetPassword={canManage ? (u) => (mayResetPassword(session, u) ? () => setResetting(u) : undefined) : undefined}
          />
        )}
      </Card>
      <CreateUserDrawer open={creating} onClose={() => setCreating(false)} firmsOnly={firmsOnly} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
