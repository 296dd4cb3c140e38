/** The applications board (政策兑现): stages, deadlines, amounts, the moves allowed next, and the totals. */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Modal, Row, Select, Statistic, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EnterpriseSelect } from '../../lib/enterprise-select';
import { applyFieldErrors, requiredRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { formatInt, formatYuan } from '../../lib/format';
import { fenFromYuan, yuanFromFen } from '../../lib/money';
import { departmentName } from '../../lib/departments';
import { EmptyState, ErrorState } from '../../lib/ui';
import { APPLICATION_STATUSES, useApplications, useApplicationTotals, useCreateApplication, usePolicies, useTransitionApplication, type Application, type ApplicationFilters, type ApplicationStatus, type Totals } from './api';

const STATUS_COLORS: Record<ApplicationStatus, string> = { preparing: 'default', submitted: 'blue', approved: 'cyan', rejected: 'red', disbursed: 'green' };

export function StatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`policies.applications.statuses.${status}`)}</Tag>;
}

/** Moves an application: the amount for approval and payment, the reason for a rejection. */
function MoveDialog({ app, to, onClose }: { app: Application | null; to: ApplicationStatus | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ amount?: string; reason?: string }>();
  const move = useTransitionApplication();
  useEffect(() => {
    if (app && to) {
      form.resetFields();
      const amount = to === 'approved' ? app.requestedFen : to === 'disbursed' ? app.approvedFen : null;
      form.setFieldsValue({ amount: amount === null ? undefined : yuanFromFen(amount) });
      move.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [app, to]);
  if (!app || !to) return null;
  const needsAmount = to === 'approved' || to === 'disbursed';
  const submit = (v: { amount?: string; reason?: string }) => {
    const amountFen = needsAmount ? fenFromYuan(v.amount ?? '') : undefined;
    if (needsAmount && amountFen === null) {
      form.setFields([{ name: 'amount', errors: [t('fieldErrors.invalid')] }]);
      return;
    }
    move.mutate(
      { id: app.id, body: { to: to as 'submitted', version: app.version, ...(amountFen != null ? { amountFen } : {}), ...(v.reason ? { reason: v.reason } : {}) } },
      { onSuccess: () => { void message.success(t('policies.applications.moved')); onClose(); }, onError: (err) => applyFieldErrors(t, form, err, (p) => (p === 'amountFen' ? 'amount' : p)) },
    );
  };
  const action = t(`policies.applications.actions.${to}`);
  return (
    <Modal open title={t('policies.applications.moveTitle', { action, policy: app.policy.title, enterprise: app.enterprise.name })} onCancel={onClose} onOk={() => form.submit()} okText={action} confirmLoading={move.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        {needsAmount ? <Form.Item name="amount" label={t('policies.applications.fields.amount')} rules={[requiredRule(t)]}><Input inputMode="decimal" /></Form.Item> : null}
        <Form.Item name="reason" label={t('policies.applications.fields.reason')} rules={to === 'rejected' ? [requiredRule(t)] : []}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
        {move.error ? <ErrorState error={move.error} /> : null}
      </Form>
    </Modal>
  );
}

export function NewApplicationDrawer({ open, onClose, policyId }: { open: boolean; onClose: () => void; policyId?: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ policyId: number; enterpriseId: number; requested: string; note?: string }>();
  const create = useCreateApplication();
  const policies = usePolicies({ pageSize: 100 });
  useEffect(() => {
    if (open) {
      form.resetFields();
      if (policyId) form.setFieldsValue({ policyId });
      create.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t('policies.applications.createTitle')}
      size={520}
      form={form}
      error={create.error}
      submitting={create.isPending}
      submitTestId="application-save"
      onFinish={(v, idempotencyKey) => {
        const requestedFen = fenFromYuan(v.requested);
        if (requestedFen === null) return form.setFields([{ name: 'requested', errors: [t('fieldErrors.invalid')] }]);
        create.mutate(
          { body: { policyId: v.policyId, enterpriseId: v.enterpriseId, requestedFen, note: v.note ?? '' }, idempotencyKey },
          { onSuccess: () => { void message.success(t('policies.applications.created')); onClose(); }, onError: (err) => applyFieldErrors(t, form, err, (p) => (p === 'requestedFen' ? 'requested' : p)) },
        );
      }}
    >
      <Form.Item name="policyId" label={t('policies.applications.fields.policy')} rules={[requiredRule(t)]}>
        <Select aria-label={t('policies.applications.fields.policy')} showSearch={{ optionFilterProp: 'label' }} options={(policies.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))} />
      </Form.Item>
      <Form.Item name="enterpriseId" label={t('policies.applications.fields.enterprise')} rules={[requiredRule(t)]}>
        <EnterpriseSelect ariaLabel={t('policies.applications.fields.enterprise')} onChange={(v) => form.setFieldValue('enterpriseId', v)} />
      </Form.Item>
      <Form.Item name="requested" label={t('policies.applications.fields.requested')} rules={[requiredRule(t)]}><Input inputMode="decimal" /></Form.Item>
      <Form.Item name="note" label={t('policies.applications.fields.note')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
    </FormDrawer>
  );
}

/** The board: filters, the table with the moves allowed, pagination; `manage` shows the moves. */
export function ApplicationsBoard({ filters, setFilters, manage, showPolicy = true }: { filters: ApplicationFilters; setFilters: (f: Partial<ApplicationFilters>) => void; manage: boolean; showPolicy?: boolean }) {
  const { t } = useTranslation();
  const list = useApplications(filters);
  const [moving, setMoving] = useState<{ app: Application; to: ApplicationStatus } | null>(null);
  return (
    <>
      <div className="filters" role="search">
        <Select allowClear aria-label={t('policies.applications.fields.status')} placeholder={t('policies.applications.anyStatus')} value={filters.status} style={{ width: 150 }}
          options={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`policies.applications.statuses.${s}`) }))} onChange={(v?: ApplicationStatus) => setFilters({ status: v, page: 1 })} />
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Application>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 900 }}
          data-testid="applications"
          locale={{ emptyText: <EmptyState description={t('policies.applications.empty')} /> }}
          pagination={{ current: list.data?.page ?? 1, pageSize: list.data?.pageSize ?? 20, total: list.data?.total ?? 0, showTotal: (n) => t('common.totalItems', { total: formatInt(n) }) }}
          onChange={(p) => setFilters({ page: p.current, pageSize: p.pageSize })}
          columns={[
            ...(showPolicy ? [{ key: 'policy', title: t('policies.applications.fields.policy'), render: (_: unknown, a: Application) => a.policy.title }] : []),
            { key: 'enterprise', title: t('policies.applications.fields.enterprise'), render: (_: unknown, a: Application) => a.enterprise.name },
            { key: 'status', title: t('policies.applications.fields.status'), render: (_: unknown, a: Application) => <StatusTag status={a.status} /> },
            { key: 'requested', title: t('policies.applications.fields.requested'), align: 'right' as const, render: (_: unknown, a: Application) => formatYuan(a.requestedFen) },
            { key: 'approved', title: t('policies.applications.fields.approved'), align: 'right' as const, render: (_: unknown, a: Application) => formatYuan(a.approvedFen) },
            { key: 'disbursed', title: t('policies.applications.fields.disbursed'), align: 'right' as const, render: (_: unknown, a: Application) => formatYuan(a.disbursedFen) },
            {
              key: 'due', title: t('policies.applications.fields.due'),
              render: (_: unknown, a: Application) => (a.dueOn ? <span>{a.dueOn}{a.overdue ? <Tag color="red" className="tag-gap">{t('policies.applications.overdue')}</Tag> : null}</span> : '—'),
            },
            ...(manage
              ? [{
                  key: 'actions', title: t('policies.applications.fields.actions'),
                  render: (_: unknown, a: Application) => (
                    <span className="row-actions">
                      {a.next.map((to) => (
                        <Button key={to} size="small" danger={to === 'rejected'} onClick={() => setMoving({ app: a, to })}>{t(`policies.applications.actions.${to}`)}</Button>
                      ))}
                    </span>
                  ),
                }]
              : []),
          ]}
        />
      )}
      <MoveDialog app={moving?.app ?? null} to={moving?.to ?? null} onClose={() => setMoving(null)} />
    </>
  );
}

/** Totals for the alliance, by policy and by issuing department. */
export function TotalsCard() {
  const { t } = useTranslation();
  const totals = useApplicationTotals();
  if (totals.error) return <ErrorState error={totals.error} onRetry={() => void totals.refetch()} />;
  const a = totals.data?.alliance;
  const money = [
    { key: 'requested', title: t('policies.applications.totals.requested'), render: (_: unknown, r: { requestedFen: number }) => formatYuan(r.requestedFen), align: 'right' as const },
    { key: 'approved', title: t('policies.applications.totals.approved'), render: (_: unknown, r: { approvedFen: number }) => formatYuan(r.approvedFen), align: 'right' as const },
    { key: 'disbursed', title: t('policies.applications.totals.disbursed'), render: (_: unknown, r: { disbursedFen: number }) => formatYuan(r.disbursedFen), align: 'right' as const },
    { key: 'n', title: t('policies.applications.totals.applications'), dataIndex: 'applications', align: 'right' as const },
  ];
  return (
    <Card title={t('policies.applications.totals.title')} loading={totals.isPending} className="section" data-testid="application-totals">
      <Row gutter={16}>
        <Col xs={12} md={6}><Statistic title={t('policies.applications.totals.applications')} value={a?.applications ?? 0} /></Col>
        <Col xs={12} md={6}><Statistic title={t('policies.applications.totals.requested')} value={formatYuan(a?.requestedFen ?? 0)} /></Col>
        <Col xs={12} md={6}><Statistic title={t('policies.applications.totals.approved')} value={formatYuan(a?.approvedFen ?? 0)} /></Col>
        <Col xs={12} md={6}><Statistic title={t('policies.applications.totals.disbursed')} value={formatYuan(a?.disbursedFen ?? 0)} /></Col>
      </Row>
      <Row gutter={16} className="section">
        <Col xs={24} lg={12}>
          <h2 className="card-subtitle">{t('policies.applications.totals.byPolicy')}</h2>
          <Table<Totals['byPolicy'][number]> size="small" rowKey={(r) => r.policy.id} pagination={false} dataSource={totals.data?.byPolicy ?? []}
            columns={[{ key: 'policy', title: t('policies.applications.fields.policy'), render: (_: unknown, r: { policy: { title: string } }) => r.policy.title }, ...money]} />
        </Col>
        <Col xs={24} lg={12}>
          <h2 className="card-subtitle">{t('policies.applications.totals.byDepartment')}</h2>
          <Table<Totals['byDepartment'][number]> size="small" rowKey={(r) => r.department?.id ?? 0} pagination={false} dataSource={totals.data?.byDepartment ?? []}
            columns={[{ key: 'department', title: t('policies.fields.department'), render: (_: unknown, r: { department: { name: string; nameEn: string } | null }) => (r.department ? departmentName(r.department) : t('policies.noDepartment')) }, ...money]} />
        </Col>
      </Row>
    </Card>
  );
}

export function NewApplicationButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return <Button type="primary" icon={<PlusOutlined />} onClick={onClick} data-testid="application-add">{t('policies.applications.create')}</Button>;
}
