/** The postings board: surplus and shortage, a new posting (or an emergency team request), closing, matching. */
import { Button, Col, Form, Input, InputNumber, Popconfirm, Row, Segmented, Select, Space, Switch, Table, Tag, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EnterpriseSelect } from '../../lib/enterprise-select';
import { applyFieldErrors, requiredRule } from '../../lib/errors';
import { formatInt, todayInChina } from '../../lib/format';
import { FormDrawer } from '../../lib/form-drawer';
import { fenFromYuan, formatFen } from '../../lib/money';
import { EmptyState } from '../../lib/ui';
import { closePosting, createPosting, runMatch, useJobTypeName, useJobTypes, usePostings, useWorkforceAction, type NewPosting, type Posting } from './api';

interface Values {
  enterpriseId?: number;
  kind: 'surplus' | 'shortage';
  emergency: boolean;
  jobType?: string;
  skills: string[];
  headcount: number | null;
  startDate: string;
  endDate: string;
  districtCode?: string;
  wageYuan?: string;
  needsTransport: boolean;
  needsMeals: boolean;
  needsHousing: boolean;
  providesTransport: boolean;
  providesHousing: boolean;
  urgency: number;
  note?: string;
}

/** Creates a posting; `staff` may post for any member and raise an emergency team request. */
export function PostingDrawer({ open, onClose, staff, canEmergency, ownFirm }: { open: boolean; onClose: () => void; staff: boolean; canEmergency: boolean; ownFirm: number | undefined }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const jobTypes = useJobTypes();
  const jobName = useJobTypeName();
  const kind = Form.useWatch('kind', form) ?? 'shortage';
  const mutation = useWorkforceAction(createPosting);
  const required = requiredRule(t);
  const today = todayInChina();
  const submit = (v: Values, key: string) => {
    const wage = v.wageYuan ? fenFromYuan(v.wageYuan) : null;
    if (v.kind === 'shortage' && wage === null) {
      form.setFields([{ name: 'wageYuan', errors: [t('fieldErrors.required')] }]);
      return;
    }
    const body: NewPosting = {
      enterpriseId: (staff ? v.enterpriseId : ownFirm) ?? 0, kind: v.kind, jobType: v.jobType as NewPosting['jobType'], skills: v.skills ?? [], headcount: v.headcount ?? 1,
      startDate: v.startDate, endDate: v.endDate, districtCode: v.districtCode?.trim() || undefined, needsTransport: v.needsTransport, needsMeals: v.needsMeals, needsHousing: v.needsHousing,
      dailyWageFen: v.kind === 'shortage' ? wage : null, providesTransport: v.providesTransport, providesHousing: v.providesHousing, urgency: v.urgency,
      emergency: v.kind === 'shortage' && v.emergency, note: v.note ?? '',
    };
    mutation.mutate({ body, key }, {
      onSuccess: () => {
        void message.success(t('workforce.postings.created'));
        form.resetFields();
        onClose();
      },
      onError: (err) => applyFieldErrors(t, form, err, (p) => (p === 'dailyWageFen' ? 'wageYuan' : p)),
    });
  };
  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      title={t('workforce.postings.new')}
      size={560}
      form={form}
      onFinish={submit}
      error={mutation.error}
      submitting={mutation.isPending}
      submitTestId="posting-submit"
      formProps={{ initialValues: { kind: 'shortage', emergency: false, skills: [], headcount: 1, startDate: today, endDate: today, needsTransport: false, needsMeals: false, needsHousing: false, providesTransport: false, providesHousing: false, urgency: 2 }, 'data-testid': 'posting-form' }}
    >
      {staff ? (
        <Form.Item name="enterpriseId" label={t('workforce.postings.enterprise')} rules={[required]}>
          <EnterpriseSelect ariaLabel={t('workforce.postings.enterprise')} onChange={(v) => form.setFieldValue('enterpriseId', v)} />
        </Form.Item>
      ) : null}
      <Form.Item name="kind" label={t('workforce.postings.kind')} rules={[required]}>
        <Segmented options={(['shortage', 'surplus'] as const).map((k) => ({ value: k, label: t(`workforce.kinds.${k}`) }))} />
      </Form.Item>
      {canEmergency && kind === 'shortage' ? (
        <Form.Item name="emergency" label={t('workforce.postings.emergency')} valuePropName="checked" extra={t('workforce.postings.emergencyHelp')}>
          <Switch />
        </Form.Item>
      ) : null}
      <Row gutter={12}>
        <Col xs={14}>
          <Form.Item name="jobType" label={t('workforce.postings.jobType')} rules={[required]}>
            <Select aria-label={t('workforce.postings.jobType')} loading={jobTypes.isPending} options={(jobTypes.data?.items ?? []).map((j) => ({ value: j.code, label: jobName(j.code) }))} data-testid="posting-job-type" />
          </Form.Item>
        </Col>
        <Col xs={10}>
          <Form.Item name="headcount" label={t('workforce.postings.headcount')} rules={[required]}>
            <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="skills" label={t('workforce.postings.skills')}>
        <Select mode="tags" aria-label={t('workforce.postings.skills')} tokenSeparators={[',', ' ']} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={12}>
          <Form.Item name="startDate" label={t('workforce.postings.startDate')} rules={[required]}>
            <Input type="date" />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="endDate" label={t('workforce.postings.endDate')} rules={[required]}>
            <Input type="date" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={12}>
          <Form.Item name="districtCode" label={t('workforce.postings.district')} extra={t('workforce.postings.districtHelp')} rules={[{ pattern: /^\d{6}$/, message: t('fieldErrors.invalid') }]}>
            <Input inputMode="numeric" maxLength={6} />
          </Form.Item>
        </Col>
        {kind === 'shortage' ? (
          <Col xs={12}>
            <Form.Item name="wageYuan" label={t('workforce.postings.wage')} rules={[required, { validator: async (_, v?: string) => { if (v && fenFromYuan(v) === null) throw new Error(t('fieldErrors.invalid')); } }]}>
              <Input inputMode="decimal" prefix="¥" />
            </Form.Item>
          </Col>
        ) : null}
      </Row>
      <Space wrap size={16}>
        {(kind === 'surplus' ? (['needsTransport', 'needsMeals', 'needsHousing'] as const) : (['providesTransport', 'providesHousing'] as const)).map((name) => (
          <Form.Item key={name} name={name} label={t(`workforce.postings.${name}`)} valuePropName="checked">
            <Switch />
          </Form.Item>
        ))}
        {kind === 'shortage' ? (
          <Form.Item name="urgency" label={t('workforce.postings.urgencyLabel')}>
            <Select aria-label={t('workforce.postings.urgencyLabel')} style={{ width: 120 }} options={[1, 2, 3].map((u) => ({ value: u, label: t(`workforce.urgency.${u}`) }))} />
          </Form.Item>
        ) : null}
      </Space>
      <Form.Item name="note" label={t('workforce.postings.note')}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </FormDrawer>
  );
}

/** The board: filter by kind, close a posting, match the chosen shortages (staff). */
export function PostingsBoard({ canMatch }: { canMatch: boolean }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'all' | 'surplus' | 'shortage'>('all');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [chosen, setChosen] = useState<number[]>([]);
  const q = usePostings(page, pageSize, kind === 'all' ? undefined : kind);
  const jobName = useJobTypeName();
  const close = useWorkforceAction(closePosting);
  const match = useWorkforceAction(runMatch);
  const doMatch = (ids: number[]) =>
    match.mutate(ids, {
      onSuccess: (r) => {
        const open = r.unfilled.reduce((s, u) => s + u.headcount, 0);
        void message.success(`${t('workforce.postings.matched', { count: r.proposals.length, filled: r.filled })}${open ? ` · ${t('workforce.postings.unfilled', { count: open })}` : ''}`);
        setChosen([]);
      },
      onError: (e) => void message.error(e.message),
    });
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          aria-label={t('workforce.postings.kindFilter')}
          value={kind}
          onChange={(v) => {
            setKind(v as typeof kind);
            setPage(1);
          }}
          options={[{ value: 'all', label: t('workforce.postings.all') }, ...(['shortage', 'surplus'] as const).map((k) => ({ value: k, label: t(`workforce.kinds.${k}`) }))]}
        />
        {canMatch ? (
          <Button type="primary" disabled={!chosen.length} loading={match.isPending} onClick={() => doMatch(chosen)} data-testid="match-selected">
            {t('workforce.postings.matchSelected', { count: chosen.length })}
          </Button>
        ) : null}
      </Space>
      <Table<Posting>
        rowKey="id"
        size="middle"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: <EmptyState description={t('workforce.postings.empty')} /> }}
        scroll={{ x: 1000 }}
        data-testid="postings-table"
        rowSelection={
          canMatch
            ? {
                selectedRowKeys: chosen,
                onChange: (keys) => setChosen(keys as number[]),
                getCheckboxProps: (r) => ({ disabled: r.kind !== 'shortage' || r.status !== 'open', 'aria-label': t('workforce.postings.selectRow', { name: `${r.enterprise.name} ${jobName(r.jobType)}` }) }),
                columnTitle: <span className="sr-only">{t('workforce.postings.match')}</span>,
              }
            : undefined
        }
        pagination={{ current: page, pageSize, total: q.data?.total ?? 0, showSizeChanger: true, onChange: (p, s) => { setPage(p); setPageSize(s); } }}
        columns={[
          { key: 'kind', title: t('workforce.postings.kind'), width: 110, render: (_, r) => <Space size={4}><Tag color={r.kind === 'shortage' ? 'orange' : 'green'}>{t(`workforce.kinds.${r.kind}`)}</Tag>{r.emergency ? <Tag color="red">{t('workforce.postings.emergency')}</Tag> : null}</Space> },
          { key: 'firm', title: t('workforce.postings.enterprise'), render: (_, r) => r.enterprise.name },
          { key: 'job', title: t('workforce.postings.jobType'), render: (_, r) => <span>{jobName(r.jobType)}{r.skills.length ? <div className="muted small">{r.skills.join(', ')}</div> : null}</span> },
          { key: 'headcount', title: t('workforce.postings.headcount'), align: 'right', render: (_, r) => <span>{formatInt(r.headcount)}<div className="muted small">{t('workforce.postings.committed', { count: r.committed })}</div></span> },
          { key: 'dates', title: t('workforce.postings.dates'), render: (_, r) => `${r.startDate} ~ ${r.endDate}` },
          { key: 'district', title: t('workforce.postings.district'), render: (_, r) => r.districtCode },
          { key: 'wage', title: t('workforce.postings.wage'), align: 'right', render: (_, r) => (r.kind === 'shortage' ? formatFen(r.dailyWageFen) : '—') },
          { key: 'status', title: t('workforce.postings.status'), render: (_, r) => <Tag>{t(`workforce.postingStatus.${r.status}`)}</Tag> },
          {
            key: 'actions', title: t('workforce.postings.actions'), render: (_, r) => r.status === 'open' ? (
              <Space size={4}>
                {canMatch && r.kind === 'shortage' ? <Button size="small" onClick={() => doMatch([r.id])} loading={match.isPending} data-testid={`match-${r.id}`}>{t('workforce.postings.match')}</Button> : null}
                <Popconfirm title={t('workforce.postings.closeConfirm')} onConfirm={() => close.mutate({ id: r.id, version: r.version }, { onError: (e) => void message.error(e.message) })}>
                  <Button size="small">{t('workforce.postings.close')}</Button>
                </Popconfirm>
              </Space>
            ) : null,
          },
        ]}
      />
    </>
  );
}
