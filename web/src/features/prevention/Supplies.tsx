/** Prevention supplies: days of cover per firm and per supply, firms under the threshold flagged, and the invitation to an open group purchase. */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { parseQuantity, toDecimal, UNIT_CODES, unitLabel, type UnitCode } from '@server/domain/units';
import { errorMessage, requiredRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { currentLocale } from '../../lib/i18n';
import { EmptyState, ErrorState } from '../../lib/ui';
import { useCreateSupply, useInvite, useMemberOptions, useSupplies, useUpdateSupply, type Supplies, type Supply } from './api';

function amountOf(text: string | undefined, unit: UnitCode): number | null {
  try {
    const q = parseQuantity((text ?? '').trim(), unit);
    return q.amount >= 0 ? q.amount : null;
  } catch {
    return null;
  }
}

interface SupplyValues {
  enterpriseId?: number;
  name: string;
  unit: UnitCode;
  stock: string;
  dailyUse: string;
}

function SupplyForm({ open, editing, enterpriseId, manager, onClose }: { open: boolean; editing: Supply | null; enterpriseId: number | undefined; manager: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SupplyValues>();
  const create = useCreateSupply();
  const update = useUpdateSupply(editing?.id ?? 0);
  const members = useMemberOptions(open && manager && !editing);
  const required = requiredRule(t);
  const locale = currentLocale();
  const unit = Form.useWatch('unit', form) ?? 'pcs';
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    create.reset();
    update.reset();
    if (editing) {
      form.setFieldsValue({ name: editing.name, unit: editing.unit, stock: toDecimal({ amount: editing.stockAmount, unit: editing.unit }), dailyUse: toDecimal({ amount: editing.dailyUseAmount, unit: editing.unit }) });
    } else form.setFieldsValue({ unit: 'pcs', enterpriseId });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, editing]);
  const amountRule = { validator: (_: unknown, v: string | undefined) => (amountOf(v, unit) === null ? Promise.reject(new Error(t('prevention.supplies.badAmount'))) : Promise.resolve()) };
  const finish = (v: SupplyValues, idempotencyKey: string) => {
    const stockAmount = amountOf(v.stock, v.unit)!;
    const dailyUseAmount = amountOf(v.dailyUse, v.unit)!;
    const done = editing
      ? update.mutateAsync({ stockAmount, dailyUseAmount, version: editing.version })
      : create.mutateAsync({ idempotencyKey, body: { enterpriseId: v.enterpriseId!, name: v.name, unit: v.unit, stockAmount, dailyUseAmount } });
    void done.then(onClose).catch(() => undefined);
  };
  return (
    <FormDrawer<SupplyValues>
      open={open}
      onClose={onClose}
      size={480}
      title={editing ? `${t('prevention.supplies.edit')} · ${editing.name}` : t('prevention.supplies.new')}
      form={form}
      onFinish={finish}
      error={editing ? update.error : create.error}
      submitting={create.isPending || update.isPending}
      submitTestId="supply-submit"
    >
      {!editing && manager ? (
        <Form.Item name="enterpriseId" label={t('prevention.supplies.firm')} rules={[required]}>
          <Select showSearch optionFilterProp="label" options={members.data ?? []} loading={members.isLoading} />
        </Form.Item>
      ) : null}
      <Form.Item name="name" label={t('prevention.supplies.name')} rules={[required]}>
        <Input maxLength={100} disabled={!!editing} />
      </Form.Item>
      <Form.Item name="unit" label={t('prevention.supplies.unit')} rules={[required]}>
        <Select disabled={!!editing} options={UNIT_CODES.map((u) => ({ value: u, label: unitLabel(u, locale) }))} />
      </Form.Item>
      <Form.Item name="stock" label={t('prevention.supplies.stock')} rules={[required, amountRule]}>
        <Input inputMode="decimal" suffix={unitLabel(unit, locale)} />
      </Form.Item>
      <Form.Item name="dailyUse" label={t('prevention.supplies.dailyUse')} rules={[required, amountRule]}>
        <Input inputMode="decimal" suffix={unitLabel(unit, locale)} />
      </Form.Item>
    </FormDrawer>
  );
}

function CoverTag({ days, flagged, threshold }: { days: number | null; flagged: boolean; threshold: number }) {
  const { t } = useTranslation();
  if (days === null) return <Tag>{t('prevention.supplies.unlimited')}</Tag>;
  return (
    <Space size={4}>
      <span>{t('prevention.supplies.days', { count: days })}</span>
      {flagged ? <Tag color="red">{t('prevention.supplies.flagged', { days: threshold })}</Tag> : <Tag color="green">{t('prevention.supplies.ok')}</Tag>}
    </Space>
  );
}

export function SuppliesPanel({ manager, enterpriseId }: { manager: boolean; enterpriseId: number | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useSupplies();
  const invite = useInvite();
  const [form, setForm] = useState<{ open: boolean; editing: Supply | null }>({ open: false, editing: null });
  const locale = currentLocale();
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const d: Supplies | undefined = list.data;
  const threshold = d?.thresholdDays ?? 7;
  const mayRecord = manager || enterpriseId !== undefined;
  const doInvite = (id: number) =>
    void invite.mutateAsync(id).then((r) => void message.success(t('prevention.supplies.inviteDone', { count: r.invited.length }))).catch((err: unknown) => void message.error(errorMessage(t, err)));
  return (
    <>
      <Alert
        type={d?.openCampaign ? 'info' : 'warning'}
        showIcon
        style={{ marginBottom: 16 }}
        title={
          <Space wrap>
            <span>{t('prevention.supplies.threshold', { days: threshold })}</span>
            {d?.openCampaign ? <Link to={`/purchasing/${d.openCampaign.id}`}>{t('prevention.supplies.openCampaign', { title: d.openCampaign.title })}</Link> : <span>{t('prevention.supplies.noCampaign')}</span>}
            {manager && d?.openCampaign ? <Button size="small" onClick={() => doInvite(d.openCampaign!.id)} loading={invite.isPending}>{t('prevention.supplies.invite')}</Button> : null}
          </Space>
        }
      />
      <Card title={t('prevention.supplies.byFirm')} style={{ marginBottom: 16 }}>
        <Table
          rowKey={(r) => r.enterprise.id}
          size="small"
          loading={list.isLoading}
          dataSource={d?.firms ?? []}
          locale={{ emptyText: <EmptyState description={t('prevention.supplies.none')} /> }}
          data-testid="cover-by-firm"
          columns={[
            { key: 'firm', title: t('prevention.supplies.firm'), render: (_, r) => r.enterprise.name },
            { key: 'cover', title: t('prevention.supplies.cover'), render: (_, r) => <CoverTag days={r.coverDays} flagged={r.flagged} threshold={threshold} /> },
            { key: 'reported', title: t('prevention.supplies.reported'), render: (_, r) => (r.reportedCoverDays === null ? '—' : t('prevention.supplies.days', { count: r.reportedCoverDays })) },
            { key: 'invited', title: t('prevention.supplies.invited'), render: (_, r) => (r.invitedCampaignId !== null ? <Tag color="blue">{t('prevention.supplies.invited')}</Tag> : null) },
          ]}
        />
      </Card>
      <Card
        title={t('prevention.supplies.items')}
        extra={mayRecord ? <Button icon={<PlusOutlined />} onClick={() => setForm({ open: true, editing: null })} data-testid="supply-create">{t('prevention.supplies.new')}</Button> : null}
      >
        <Table<Supply>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={d?.items ?? []}
          locale={{ emptyText: <EmptyState description={t('prevention.supplies.none')} /> }}
          columns={[
            { key: 'firm', title: t('prevention.supplies.firm'), render: (_, r) => r.enterprise.name },
            { key: 'name', title: t('prevention.supplies.name'), dataIndex: 'name' },
            { key: 'stock', title: t('prevention.supplies.stock'), align: 'right', render: (_, r) => `${toDecimal({ amount: r.stockAmount, unit: r.unit })} ${unitLabel(r.unit, locale)}` },
            { key: 'use', title: t('prevention.supplies.dailyUse'), align: 'right', render: (_, r) => `${toDecimal({ amount: r.dailyUseAmount, unit: r.unit })} ${unitLabel(r.unit, locale)}` },
            { key: 'cover', title: t('prevention.supplies.cover'), render: (_, r) => <CoverTag days={r.coverDays} flagged={r.flagged} threshold={threshold} /> },
            ...(mayRecord ? [{ key: 'act', title: t('prevention.supplies.edit'), render: (_: unknown, r: Supply) => <Button size="small" onClick={() => setForm({ open: true, editing: r })}>{t('prevention.supplies.edit')}</Button> }] : []),
          ]}
        />
      </Card>
      <SupplyForm open={form.open} editing={form.editing} enterpriseId={enterpriseId} manager={manager} onClose={() => setForm({ open: false, editing: null })} />
    </>
  );
}
