import { App, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateUserBody } from '@server/modules/users/users.schema';
import { WORKING_GROUPS } from '../../lib/domain';
import { applyFieldErrors, requiredRule, zodRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { useEnterpriseOptions, useMember } from '../../lib/members';
import { useSession } from '../../lib/session';
import { useCreateUser } from './api';

/**
 * Roles handed out here (platform roles are managed centrally). A secretary gives staff roles and
 * a firm's first admin; a firm's admin gives its own firm's roles.
 */
const ALLIANCE_ROLES = ['secretary', 'group_member', 'commissioner', 'enterprise_admin', 'enterprise_staff'] as const;
const SECRETARY_ROLES = ['group_member', 'commissioner', 'enterprise_admin'] as const;
const FIRM_ROLES = ['enterprise_admin', 'enterprise_staff'] as const;
type AllianceRole = (typeof ALLIANCE_ROLES)[number];

interface Values {
  username: string;
  displayName: string;
  password: string;
  role: AllianceRole;
  workingGroup?: (typeof WORKING_GROUPS)[number];
  enterpriseId?: number;
}

export function CreateUserDrawer({ open, onClose, firmsOnly }: { open: boolean; onClose: () => void; firmsOnly?: number[] }) {
  const session = useSession();
  const roles: readonly AllianceRole[] = firmsOnly ? FIRM_ROLES : session.roles.includes('platform_admin') ? ALLIANCE_ROLES : SECRETARY_ROLES;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const [search, setSearch] = useState('');
  // A firm admin lists no alliance's members: their own firms are the choice.
  const enterprises = useEnterpriseOptions(search, !firmsOnly);
  const own = useMember(firmsOnly?.[0]);
  const firmNames = new Map(own.data ? [[own.data.id, own.data.name]] : []);
  const mutation = useCreateUser();
  const required = requiredRule(t);
  const close = () => {
    form.resetFields();
    mutation.reset();
    onClose();
  };
  const submit = (v: Values, idempotencyKey: string) =>
    mutation.mutate(
      {
        body: {
          username: v.username,
          displayName: v.displayName,
          password: v.password,
          grants: [{ role: v.role, workingGroup: v.role === 'group_member' ? (v.workingGroup ?? null) : null, enterpriseId: v.role.startsWith('enterprise_') ? (v.enterpriseId ?? null) : null }],
        },
        idempotencyKey,
      },
      {
        onSuccess: (u) => {
          message.success(t('users.created', { name: u.displayName }));
          close();
        },
        // Grants are one role here: grants.0.* errors belong to the role fields.
        onError: (err) => applyFieldErrors(t, form, err, (path) => path.replace(/^grants\.0\./, '')),
      },
    );
  return (
    <FormDrawer<Values>
      open={open}
      onClose={close}
      size={480}
      title={t('users.create')}
      form={form}
      onFinish={submit}
      error={mutation.error}
      submitting={mutation.isPending}
      formProps={{ initialValues: { role: firmsOnly ? 'enterprise_staff' : 'commissioner', enterpriseId: firmsOnly?.length === 1 ? firmsOnly[0] : undefined } }}
    >
      <Form.Item name="username" label={t('users.fields.username')} extra={t('users.usernameHelp')} rules={[required, zodRule(t, CreateUserBody.shape.username)]}>
        <Input autoComplete="off" spellCheck={false} />
      </Form.Item>
      <Form.Item name="displayName" label={t('users.fields.displayName')} rules={[required, zodRule(t, CreateUserBody.shape.displayName)]}>
        <Input />
      </Form.Item>
      <Form.Item name="password" label={t('users.fields.password')} extra={t('auth.password.rule')} rules={[required, zodRule(t, CreateUserBody.shape.password)]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="role" label={t('users.fields.role')} rules={[required]}>
        <Select options={roles.map((r) => ({ value: r, label: t(`common.roles.${r}`) }))} />
      </Form.Item>
      {role === 'group_member' ? (
        <Form.Item name="workingGroup" label={t('users.fields.workingGroup')} rules={[required]}>
          <Select options={WORKING_GROUPS.map((g) => ({ value: g, label: t(`common.workingGroups.${g}`) }))} />
        </Form.Item>
      ) : null}
      {role === 'enterprise_admin' || role === 'enterprise_staff' ? (
        <Form.Item name="enterpriseId" label={t('users.fields.enterprise')} rules={[required]}>
          <Select
            showSearch={{ filterOption: false, onSearch: setSearch }}
            loading={enterprises.isFetching}
            placeholder={t('users.enterpriseSearch')}
            options={firmsOnly ? firmsOnly.map((id) => ({ value: id, label: firmNames.get(id) ?? `#${id}` })) : (enterprises.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
          />
        </Form.Item>
      ) : null}
    </FormDrawer>
  );
}
