/**
 * 政府部门 (platform admin): the city's departments — 人社局, 经信局, 商务局… — that people are
 * affiliated with and that later name a policy's issuer and the city level of escalation.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateDepartmentBody } from '@server/modules/departments/departments.schema';
import { useCreateDepartment, useDeleteDepartment, useUpdateDepartment } from '../features/departments/api';
import { useDepartments, type Department } from '../lib/departments';
import { applyFieldErrors, errorMessage, requiredRule, zodRule } from '../lib/errors';
import { formatInt } from '../lib/format';
import { FormDrawer } from '../lib/form-drawer';
import { EmptyState, ErrorState, PageHeader } from '../lib/ui';

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  sortOrder?: number;
}

function DepartmentDrawer({ open, department, onClose }: { open: boolean; department?: Department; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const mutation = department ? update : create;
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(department ? { code: department.code, name: department.name, nameEn: department.nameEn, sortOrder: department.sortOrder } : { sortOrder: 0 });
      create.reset();
      update.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const submit = (v: Values, idempotencyKey: string) => {
    const done = () => {
      message.success(t('departments.saved'));
      onClose();
    };
    const failed = (err: unknown) => applyFieldErrors(t, form, err);
    const fields = { code: v.code.trim(), name: v.name.trim(), nameEn: (v.nameEn ?? '').trim(), sortOrder: v.sortOrder ?? 0 };
    if (department) update.mutate({ id: department.id, body: { ...fields, version: department.version } }, { onSuccess: done, onError: failed });
    else create.mutate({ body: fields, idempotencyKey }, { onSuccess: done, onError: failed });
  };
  const required = requiredRule(t);
  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      size={480}
      title={t(department ? 'departments.edit' : 'departments.add')}
      form={form}
      onFinish={submit}
      error={mutation.error}
      submitting={mutation.isPending}
      submitTestId="department-save"
    >
      <Form.Item name="name" label={t('departments.fields.name')} rules={[required, zodRule(t, CreateDepartmentBody.shape.name)]}>
        <Input maxLength={60} placeholder={t('departments.namePlaceholder')} />
      </Form.Item>
      <Form.Item name="nameEn" label={t('departments.fields.nameEn')}>
        <Input maxLength={120} />
      </Form.Item>
      <Form.Item name="code" label={t('departments.fields.code')} extra={t('departments.codeHelp')} rules={[required, zodRule(t, CreateDepartmentBody.shape.code)]}>
        <Input maxLength={40} className="mono" autoComplete="off" spellCheck={false} />
      </Form.Item>
      <Form.Item name="sortOrder" label={t('departments.fields.sortOrder')} extra={t('departments.sortHelp')}>
        <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
      </Form.Item>
    </FormDrawer>
  );
}

export default function DepartmentsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const departments = useDepartments();
  const remove = useDeleteDepartment();
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  return (
    <>
      <PageHeader
        title={t('departments.title')}
        subtitle={t('departments.subtitle')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="department-add">{t('departments.add')}</Button>}
      />
      <Card>
        {departments.error ? (
          <ErrorState error={departments.error} onRetry={() => void departments.refetch()} />
        ) : (
          <Table<Department>
            rowKey="id"
            loading={departments.isFetching}
            dataSource={departments.data}
            pagination={false}
            scroll={{ x: 760 }}
            locale={{ emptyText: <EmptyState description={t('departments.empty')} /> }}
            columns={[
              { key: 'sortOrder', title: t('departments.fields.sortOrder'), dataIndex: 'sortOrder', width: 90 },
              {
                key: 'name',
                title: t('departments.fields.name'),
                dataIndex: 'name',
                render: (n: string, d) => (
                  <Space orientation="vertical" size={0}>
                    <span>{n}</span>
                    {d.nameEn ? <Typography.Text type="secondary" className="small">{d.nameEn}</Typography.Text> : null}
                  </Space>
                ),
              },
              { key: 'code', title: t('departments.fields.code'), dataIndex: 'code', width: 200, render: (c: string) => <Tag className="mono">{c}</Tag> },
              { key: 'members', title: t('departments.fields.members'), dataIndex: 'memberCount', width: 110, render: (n: number) => formatInt(n) },
              {
                key: 'actions',
                title: t('common.actions'),
                width: 120,
                render: (_: unknown, d) => (
                  <Space size={4}>
                    <Button size="small" type="text" icon={<EditOutlined />} aria-label={`${t('departments.edit')} ${d.name}`} onClick={() => setEditing(d)} />
                    <Popconfirm
                      title={t('departments.deleteConfirm', { name: d.name })}
                      onConfirm={() => remove.mutate({ id: d.id, version: d.version }, { onSuccess: () => message.success(t('departments.deleted')), onError: (e) => message.error(errorMessage(t, e)) })}
                    >
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`${t('departments.delete')} ${d.name}`} />
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <DepartmentDrawer open={editing !== null} department={editing && editing !== 'new' ? editing : undefined} onClose={() => setEditing(null)} />
    </>
  );
}
