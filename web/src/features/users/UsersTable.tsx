import { KeyOutlined } from '@ant-design/icons';
import { App, Button, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { formatDateTime, formatInt } from '../../lib/format';
import { departmentName, useDepartments } from '../../lib/departments';
import { can, useSession } from '../../lib/session';
import { EmptyState } from '../../lib/ui';
import { useSetDepartment, useUpdateUser, type User, type UserFilters, type Users } from './api';

export function UsersTable({ data, loading, filters, onChange, canManage, selfId, onResetPassword }: {
  data: Users | undefined;
  loading: boolean;
  filters: UserFilters;
  onChange: (p: { page?: number; pageSize?: number }) => void;
  /** Whether the viewer may change this account (the server still decides). */
  canManage: (u: User) => boolean;
  selfId: number;
  /** Offered on the rows it returns a handler for (who may be reset is the page's call). */
  onResetPassword?: (u: User) => (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateUser();
  const session = useSession();
  const canAffiliate = can(session, 'user.affiliate');
  const departments = useDepartments(canAffiliate);
  const setDepartment = useSetDepartment();
  return (
    <Table<User>
      rowKey="id"
      loading={loading}
      dataSource={data?.items}
      scroll={{ x: 1080 }}
      locale={{ emptyText: <EmptyState description={t('users.empty')} /> }}
      pagination={{ current: data?.page ?? filters.page ?? 1, pageSize: data?.pageSize ?? 20, total: data?.total ?? 0, showTotal: (n) => t('common.totalItems', { total: formatInt(n) }) }}
      onChange={(p) => onChange({ page: p.current, pageSize: p.pageSize })}
      columns={[
        { title: t('users.fields.displayName'), dataIndex: 'displayName', render: (n: string, u) => <Space orientation="vertical" size={0}><span>{n}</span><Typography.Text type="secondary" className="mono small">{u.username}</Typography.Text></Space> },
        {
          title: t('users.fields.roles'),
          key: 'roles',
          render: (_, u) => (
            <Space wrap size={[4, 4]}>
              {u.grants.map((g, i) => (
                <Tag key={i} color="blue">
                  {t(`common.roles.${g.role}`)}
                  {g.workingGroup ? ` · ${t(`common.workingGroups.${g.workingGroup}`)}` : ''}
                  {g.enterpriseId ? ` · ${g.enterpriseName ?? `#${g.enterpriseId}`}` : ''}
                </Tag>
              ))}
            </Space>
          ),
        },
        {
          title: t('users.fields.department'),
          key: 'department',
          width: 220,
          render: (_, u) =>
            canAffiliate ? (
              <Select
                allowClear
                size="small"
                style={{ width: 200 }}
                aria-label={t('users.departmentOf', { name: u.displayName })}
                placeholder={t('departments.none')}
                value={u.department?.id}
                loading={departments.isFetching || (setDepartment.isPending && setDepartment.variables?.user.id === u.id)}
                options={(departments.data ?? []).map((d) => ({ value: d.id, label: departmentName(d) }))}
                onChange={(id?: number) => {
                  const picked = departments.data?.find((d) => d.id === id);
                  setDepartment.mutate(
                    { user: u, departmentId: id ?? null },
                    {
                      onSuccess: () => message.success(picked ? t('users.departmentSaved', { name: u.displayName, department: departmentName(picked) }) : t('users.departmentCleared', { name: u.displayName })),
                      onError: (err) => message.error(errorMessage(t, err)),
                    },
                  );
                }}
              />
            ) : (
              <span>{u.department ? departmentName(u.department) : '—'}</span>
            ),
        },
        { title: t('users.fields.createdAt'), dataIndex: 'createdAt', width: 180, render: (d: string) => formatDateTime(d) },
        {
          title: t('users.fields.status'),
          key: 'status',
          width: 150,
          render: (_, u) =>
            canManage(u) && u.id !== selfId ? (
              <Switch
                checked={!u.disabled}
                checkedChildren={t('users.active')}
                unCheckedChildren={t('users.disabled')}
                aria-label={t('users.toggle', { name: u.displayName })}
                loading={update.isPending && update.variables?.id === u.id}
                onChange={(on) =>
                  update.mutate(
                    { id: u.id, body: { disabled: !on, version: u.version } },
                    { onSuccess: () => message.success(t(on ? 'users.enabledMsg' : 'users.disabledMsg', { name: u.displayName })), onError: (err) => message.error(errorMessage(t, err)) },
                  )
                }
              />
            ) : (
              <Tag color={u.disabled ? 'default' : 'green'}>{u.disabled ? t('users.disabled') : t('users.active')}</Tag>
            ),
        },
        ...(onResetPassword
          ? [
              {
                title: t('common.actions'),
                key: 'actions',
                width: 140,
                render: (_: unknown, u: User) => {
                  const reset = onResetPassword(u);
                  return reset ? (
                    <Button size="small" icon={<KeyOutlined />} onClick={reset} aria-label={t('users.reset.action', { name: u.displayName })}>
                      {t('users.reset.button')}
                    </Button>
                  ) : null;
                },
              },
            ]
          : []),
      ]}
    />
  );
}
