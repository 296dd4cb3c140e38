/** Placements (one per lent worker): the worker and their consent, the terms, the lifecycle, attendance and the agreement. */
import { Button, Checkbox, Descriptions, Divider, Drawer, Form, Input, InputNumber, Segmented, Select, Space, Table, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../lib/errors';
import { formatInt, todayInChina } from '../../lib/format';
import { formatFen } from '../../lib/money';
import { EmptyState, ErrorAlert } from '../../lib/ui';
import {
  downloadAgreement, recordAttendance, transitionPlacement, updatePlacement, useJobTypeName, usePlacements, useWorkers, useWorkforceAction, type Placement,
} from './api';

const STATUS_COLORS: Record<Placement['status'], string> = { proposed: 'gold', agreed: 'blue', on_site: 'green', returned: 'default', ended_early: 'red' };
const MOVES: Record<Placement['status'], readonly ('agreed' | 'on_site' | 'returned' | 'ended_early')[]> = {
  proposed: ['agreed', 'ended_early'], agreed: ['on_site', 'ended_early'], on_site: ['returned', 'ended_early'], returned: [], ended_early: [],
};

interface Terms {
  workerId: number | null;
  workerConsent: boolean;
  safetyTrainingDone: boolean;
  hoursPerDay: number;
  insurance: string;
  wagePayer: 'borrower' | 'lender';
}

function PlacementDrawer({ placement, onClose, staff, myFirms }: { placement: Placement | null; onClose: () => void; staff: boolean; myFirms: number[] }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Terms>();
  const [reason, setReason] = useState('');
  const [day, setDay] = useState(todayInChina());
  const [hours, setHours] = useState<number>(8);
  const workers = useWorkers(1, 200, placement !== null && (staff || myFirms.includes(placement.lender.id)));
  const save = useWorkforceAction(updatePlacement);
  const move = useWorkforceAction(transitionPlacement);
  const attend = useWorkforceAction(recordAttendance);
  const download = useWorkforceAction(downloadAgreement);
  const p = placement;
  useEffect(() => {
    if (p) form.setFieldsValue({ workerId: p.worker?.id ?? null, workerConsent: p.workerConsentAt !== null, safetyTrainingDone: p.safetyTrainingDone, hoursPerDay: p.hoursPerDay, insurance: p.insurance, wagePayer: p.wagePayer });
    setReason('');
  }, [p, form]);
  if (!p) return null;
  const closed = p.status === 'returned' || p.status === 'ended_early';
  const lenders = (workers.data?.items ?? []).filter((w) => w.enterprise.id === p.lender.id && !w.purged);
  // The lending firm (or staff) names the worker and records consent; only changed fields are sent.
  const nameWorker = staff || myFirms.includes(p.lender.id);
  const onSave = (v: Terms) => {
    const body: Parameters<typeof updatePlacement>[0] = { id: p.id, version: p.version };
    if (v.safetyTrainingDone !== p.safetyTrainingDone) body.safetyTrainingDone = v.safetyTrainingDone;
    if (v.hoursPerDay !== p.hoursPerDay) body.hoursPerDay = v.hoursPerDay;
    if ((v.insurance ?? '') !== p.insurance) body.insurance = v.insurance ?? '';
    if (v.wagePayer !== p.wagePayer) body.wagePayer = v.wagePayer;
    if (nameWorker && p.status === 'proposed') {
      if ((v.workerId ?? null) !== (p.worker?.id ?? null)) body.workerId = v.workerId ?? null;
      if (v.workerConsent !== (p.workerConsentAt !== null) || body.workerId !== undefined) body.workerConsent = v.workerConsent;
    }
    save.mutate(body, { onSuccess: () => void message.success(t('workforce.placements.saved')), onError: (e) => applyFieldErrors(t, form, e) });
  };
  return (
    <Drawer open onClose={onClose} size={560} title={t('workforce.placements.title', { id: p.id })} data-testid="placement-drawer">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('workforce.proposals.lender')}>{p.lender.name}</Descriptions.Item>
        <Descriptions.Item label={t('workforce.proposals.borrower')}>{p.borrower.name}</Descriptions.Item>
        <Descriptions.Item label={t('workforce.placements.dates')}>{`${p.startDate} ~ ${p.endDate}`}</Descriptions.Item>
        <Descriptions.Item label={t('workforce.placements.wage')}>{formatFen(p.dailyWageFen)}</Descriptions.Item>
        <Descriptions.Item label={t('workforce.postings.status')}><Tag color={STATUS_COLORS[p.status]}>{t(`workforce.placementStatus.${p.status}`)}</Tag></Descriptions.Item>
      </Descriptions>
      <Typography.Title level={2} className="form-section">{t('workforce.placements.terms')}</Typography.Title>
      <Form<Terms> form={form} layout="vertical" onFinish={onSave} disabled={closed} data-testid="placement-terms">
        <ErrorAlert error={save.error} />
        {nameWorker ? (
          <>
            <Form.Item name="workerId" label={t('workforce.placements.chooseWorker')}>
              <Select
                allowClear
                aria-label={t('workforce.placements.chooseWorker')}
                disabled={p.status !== 'proposed'}
                loading={workers.isPending}
                options={[...(p.worker && !lenders.some((w) => w.id === p.worker!.id) ? [{ value: p.worker.id, label: p.worker.name }] : []), ...lenders.map((w) => ({ value: w.id, label: `${w.name} ${w.phoneMasked ?? ''}` }))]}
                data-testid="placement-worker"
              />
            </Form.Item>
            <Form.Item name="workerConsent" valuePropName="checked">
              <Checkbox disabled={p.status !== 'proposed'} data-testid="placement-consent">{t('workforce.placements.consent')}</Checkbox>
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="safetyTrainingDone" valuePropName="checked">
          <Checkbox data-testid="placement-safety">{t('workforce.placements.safety')}</Checkbox>
        </Form.Item>
        <Space wrap>
          <Form.Item name="hoursPerDay" label={t('workforce.placements.hours')}>
            <InputNumber min={1} max={12} precision={0} />
          </Form.Item>
          <Form.Item name="wagePayer" label={t('workforce.placements.payer')}>
            <Select aria-label={t('workforce.placements.payer')} style={{ width: 160 }} options={(['borrower', 'lender'] as const).map((v) => ({ value: v, label: t(`workforce.payers.${v}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="insurance" label={t('workforce.placements.insurance')}>
          <Input maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} disabled={closed} data-testid="placement-save">{t('workforce.placements.save')}</Button>
      </Form>

      <Divider />
      <Typography.Title level={2} className="form-section">{t('workforce.placements.moves')}</Typography.Title>
      <ErrorAlert error={move.error} />
      <Space wrap>
        {MOVES[p.status].map((to) => (
          <Button
            key={to}
            danger={to === 'ended_early'}
            loading={move.isPending}
            disabled={to === 'ended_early' && !reason.trim()}
            onClick={() => move.mutate({ id: p.id, version: p.version, to, reason: to === 'ended_early' ? reason.trim() : undefined })}
            data-testid={`move-${to}`}
          >
            {t(`workforce.placements.to.${to}`)}
          </Button>
        ))}
      </Space>
      {MOVES[p.status].includes('ended_early') ? (
        <Input style={{ marginTop: 8 }} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-label={t('workforce.placements.reason')} placeholder={t('workforce.placements.reason')} />
      ) : null}

      {p.status === 'on_site' || p.status === 'returned' ? (
        <>
          <Divider />
          <Typography.Title level={2} className="form-section">{t('workforce.placements.attendance')}</Typography.Title>
          <ErrorAlert error={attend.error} />
          <Space wrap>
            <Input type="date" value={day} max={todayInChina()} onChange={(e) => setDay(e.target.value)} aria-label={t('workforce.placements.workDate')} />
            <InputNumber min={0} max={16} precision={0} value={hours} onChange={(v) => setHours(v ?? 0)} aria-label={t('workforce.placements.workHours')} />
            <Button loading={attend.isPending} onClick={() => attend.mutate({ id: p.id, workDate: day, hours }, { onSuccess: (r) => void message.success(t('workforce.placements.recorded', { days: (r as { daysWorked: number }).daysWorked })) })} data-testid="attendance-record">
              {t('workforce.placements.record')}
            </Button>
          </Space>
        </>
      ) : null}

      <Divider />
      <ErrorAlert error={download.error} />
      <Button disabled={!p.workerAssigned} loading={download.isPending} onClick={() => download.mutate(p.id)} data-testid="agreement-download">{t('workforce.placements.agreement')}</Button>
    </Drawer>
  );
}

export function PlacementsTable({ staff, myFirms }: { staff: boolean; myFirms: number[] }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'all' | Placement['status']>('all');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [openId, setOpenId] = useState<number | null>(null);
  const q = usePlacements(page, pageSize, status === 'all' ? undefined : status);
  const jobName = useJobTypeName();
  const open = q.data?.items.find((p) => p.id === openId) ?? null;
  return (
    <>
      <Segmented
        style={{ marginBottom: 12 }}
        aria-label={t('workforce.postings.status')}
        value={status}
        onChange={(v) => {
          setStatus(v as typeof status);
          setPage(1);
        }}
        options={[{ value: 'all', label: t('workforce.postings.all') }, ...(['proposed', 'agreed', 'on_site', 'returned', 'ended_early'] as const).map((s) => ({ value: s, label: t(`workforce.placementStatus.${s}`) }))]}
      />
      <Table<Placement>
        rowKey="id"
        size="middle"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: <EmptyState description={t('workforce.placements.empty')} /> }}
        scroll={{ x: 1000 }}
        data-testid="placements-table"
        pagination={{ current: page, pageSize, total: q.data?.total ?? 0, showSizeChanger: true, onChange: (p, s) => { setPage(p); setPageSize(s); } }}
        columns={[
          { key: 'id', title: '#', width: 60, render: (_, r) => r.id },
          { key: 'lender', title: t('workforce.proposals.lender'), render: (_, r) => r.lender.name },
          { key: 'borrower', title: t('workforce.proposals.borrower'), render: (_, r) => r.borrower.name },
          { key: 'job', title: t('workforce.postings.jobType'), render: (_, r) => jobName(r.jobType) },
          {
            key: 'worker', title: t('workforce.placements.worker'),
            render: (_, r) => (r.worker ? <span>{r.worker.name}<div className="muted small">{r.worker.phoneMasked}</div></span> : <span className="muted small">{r.workerAssigned ? t('workforce.placements.hidden') : t('workforce.placements.unassigned')}</span>),
          },
          { key: 'dates', title: t('workforce.placements.dates'), render: (_, r) => `${r.startDate} ~ ${r.endDate}` },
          { key: 'wage', title: t('workforce.placements.wage'), align: 'right', render: (_, r) => formatFen(r.dailyWageFen) },
          { key: 'days', title: t('workforce.placements.days'), align: 'right', render: (_, r) => formatInt(r.daysWorked) },
          { key: 'status', title: t('workforce.postings.status'), render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{t(`workforce.placementStatus.${r.status}`)}</Tag> },
          { key: 'manage', title: t('workforce.postings.actions'), render: (_, r) => <Button size="small" onClick={() => setOpenId(r.id)} data-testid={`placement-${r.id}`}>{t('workforce.placements.manage')}</Button> },
        ]}
      />
      <PlacementDrawer placement={open} staff={staff} myFirms={myFirms} onClose={() => setOpenId(null)} />
    </>
  );
}
