/** The roster of lendable workers: phone and ID number masked; revealing one is a permission of its own (audited); erasure on request. */
import { Button, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EnterpriseSelect } from '../../lib/enterprise-select';
import { applyFieldErrors, requiredRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { EmptyState, ErrorState } from '../../lib/ui';
import { createWorker, eraseWorker, revealWorker, useJobTypeName, useJobTypes, useWorkers, useWorkforceAction, type NewWorker, type Worker } from './api';

interface Values {
  enterpriseId?: number;
  name: string;
  jobType?: string;
  phone: string;
  idNumber?: string;
}

export function WorkerDrawer({ open, onClose, staff, ownFirm }: { open: boolean; onClose: () => void; staff: boolean; ownFirm: number | undefined }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const jobTypes = useJobTypes();
  const jobName = useJobTypeName();
  const mutation = useWorkforceAction(createWorker);
  const required = requiredRule(t);
  const submit = (v: Values, key: string) => {
    const body: NewWorker = { enterpriseId: (staff ? v.enterpriseId : ownFirm) ?? 0, name: v.name, jobType: v.jobType as NewWorker['jobType'], phone: v.phone, idNumber: v.idNumber?.trim() || undefined };
    mutation.mutate({ body, key }, {
      onSuccess: () => {
        void message.success(t('workforce.roster.created'));
        form.resetFields();
        onClose();
      },
      onError: (err) => applyFieldErrors(t, form, err),
    });
  };
  return (
    <FormDrawer<Values> open={open} onClose={onClose} title={t('workforce.roster.add')} size={480} form={form} onFinish={submit} error={mutation.error} submitting={mutation.isPending} submitTestId="worker-submit">
      {staff ? (
        <Form.Item name="enterpriseId" label={t('workforce.postings.enterprise')} rules={[required]}>
          <EnterpriseSelect ariaLabel={t('workforce.postings.enterprise')} onChange={(v) => form.setFieldValue('enterpriseId', v)} />
        </Form.Item>
      ) : null}
      <Form.Item name="name" label={t('workforce.roster.name')} rules={[required]}>
        <Input maxLength={40} autoComplete="off" />
      </Form.Item>
      <Form.Item name="jobType" label={t('workforce.postings.jobType')} rules={[required]}>
        <Select aria-label={t('workforce.postings.jobType')} options={(jobTypes.data?.items ?? []).map((j) => ({ value: j.code, label: jobName(j.code) }))} />
      </Form.Item>
      <Form.Item name="phone" label={t('workforce.roster.phone')} rules={[required, { pattern: /^[0-9 +-]{5,20}$/, message: t('fieldErrors.invalid') }]}>
        <Input inputMode="tel" maxLength={20} autoComplete="off" />
      </Form.Item>
      <Form.Item name="idNumber" label={t('workforce.roster.idNumber')} extra={t('workforce.roster.idHelp')} rules={[{ pattern: /^[0-9]{17}[0-9Xx]$/, message: t('fieldErrors.invalid') }]}>
        <Input maxLength={18} autoComplete="off" />
      </Form.Item>
    </FormDrawer>
  );
}

/** A masked value with its Reveal button; the full value stays on screen only in this row. */
function Sealed({ w, field, masked, canReveal }: { w: Worker; field: 'phone' | 'idNumber'; masked: string | null; canReveal: boolean }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<string | null>(null);
  const reveal = useWorkforceAction(revealWorker);
  if (!masked) return <span className="muted">—</span>;
  if (shown) return <Typography.Text copyable data-testid={`revealed-${field}-${w.id}`}>{shown}</Typography.Text>;
  return (
    <Space size={4}>
      <span>{masked}</span>
      {canReveal ? (
        <Button size="small" type="link" loading={reveal.isPending} onClick={() => reveal.mutate({ id: w.id, field }, { onSuccess: (r) => setShown(r.value), onError: (e) => void message.error(e.message) })} data-testid={`reveal-${field}-${w.id}`}>
          {t('workforce.roster.reveal')}
          <span className="sr-only">{t(field === 'phone' ? 'workforce.roster.revealPhone' : 'workforce.roster.revealId', { name: w.name })}</span>
        </Button>
      ) : null}
    </Space>
  );
}

export function RosterTable({ canReveal, canErase }: { canReveal: boolean; canErase: (w: Worker) => boolean }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const q = useWorkers(page, pageSize);
  const jobName = useJobTypeName();
  const erase = useWorkforceAction(eraseWorker);
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Table<Worker>
      rowKey="id"
      size="middle"
      loading={q.isFetching}
      dataSource={q.data?.items ?? []}
      locale={{ emptyText: <EmptyState description={t('workforce.roster.empty')} /> }}
      scroll={{ x: 900 }}
      data-testid="roster-table"
      pagination={{ current: page, pageSize, total: q.data?.total ?? 0, showSizeChanger: true, onChange: (p, s) => { setPage(p); setPageSize(s); } }}
      columns={[
        { key: 'name', title: t('workforce.roster.name'), render: (_, r) => (r.purged ? <Tag>{t('workforce.roster.purged')}</Tag> : <span>{r.name}{r.duplicateOf.length ? <div><Tag color="orange">{t('workforce.roster.duplicate', { count: r.duplicateOf.length })}</Tag></div> : null}</span>) },
        { key: 'firm', title: t('workforce.postings.enterprise'), render: (_, r) => r.enterprise.name },
        { key: 'job', title: t('workforce.postings.jobType'), render: (_, r) => jobName(r.jobType) },
        { key: 'phone', title: t('workforce.roster.phone'), render: (_, r) => <Sealed w={r} field="phone" masked={r.phoneMasked} canReveal={canReveal} /> },
        { key: 'id', title: t('workforce.roster.idNumber'), render: (_, r) => <Sealed w={r} field="idNumber" masked={r.idNumberMasked} canReveal={canReveal} /> },
        {
          key: 'actions', title: t('workforce.postings.actions'),
          render: (_, r) => (!r.purged && canErase(r) ? (
            <Popconfirm title={t('workforce.roster.eraseConfirm')} onConfirm={() => erase.mutate(r.id, { onSuccess: () => void message.success(t('workforce.roster.erased')), onError: (e) => void message.error(e.message) })}>
              <Button size="small" danger>{t('workforce.roster.erase')}</Button>
            </Popconfirm>
          ) : null),
        },
      ]}
    />
  );
}
