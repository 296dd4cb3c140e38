/** Self-inspections: the list (firms see their own), one inspection's answers, and the phone-friendly form a member fills against the current version. */
import { CameraOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Drawer, Form, Input, List, Radio, Select, Table, Tag, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { newIdempotencyKey } from '../../lib/api';
import { errorMessage, requiredRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { formatDate, formatInt, todayInChina } from '../../lib/format';
import { EmptyState, ErrorState } from '../../lib/ui';
import { OUTCOMES, uploadFile, useInspection, useInspections, useStandard, useStandards, useSubmitInspection, type InspectionSummary, type Outcome } from './api';

const outcomeColor: Record<Outcome, string> = { pass: 'green', fail: 'red', na: 'default' };

export function InspectionList({ onOpen }: { onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useInspections(page);
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Table<InspectionSummary>
      rowKey="id"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: <EmptyState description={t('prevention.inspections.none')} /> }}
      pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
      onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
      data-testid="inspection-list"
      columns={[
        { key: 'date', title: t('prevention.inspections.date'), render: (_, r) => formatDate(r.inspectedOn) },
        { key: 'firm', title: t('prevention.inspections.firm'), render: (_, r) => r.enterprise.name },
        { key: 'standard', title: t('prevention.inspections.standard'), render: (_, r) => `${r.standard.title} · ${t('prevention.standards.version', { n: r.standard.versionNumber })}` },
        { key: 'failed', title: t('prevention.inspections.failed'), align: 'right', render: (_, r) => (r.failedCount ? <Tag color="red">{formatInt(r.failedCount)}</Tag> : <Tag color="green">0</Tag>) },
      ]}
    />
  );
}

export function InspectionDetail({ id, onClose }: { id: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const one = useInspection(id);
  const d = one.data;
  return (
    <Drawer open={!!id} onClose={onClose} size={560} title={t('prevention.inspections.detail')} destroyOnHidden>
      {one.isError ? <ErrorState error={one.error} /> : null}
      {d ? (
        <>
          <p>
            {d.enterprise.name} · {formatDate(d.inspectedOn)} · {d.standard.title} · {t('prevention.standards.version', { n: d.standard.versionNumber })}
          </p>
          {d.note ? <p>{d.note}</p> : null}
          <List
            dataSource={d.answers}
            renderItem={(a) => (
              <List.Item
                extra={a.ticketId !== null ? <Link to={`/problems/${a.ticketId}`}>{t('prevention.inspections.problem', { id: a.ticketId })}</Link> : null}
                data-testid="inspection-answer"
              >
                <List.Item.Meta title={`${a.position + 1}. ${a.text}`} description={a.note || null} />
                <Tag color={outcomeColor[a.outcome]}>{t(`prevention.outcomes.${a.outcome}`)}</Tag>
              </List.Item>
            )}
          />
        </>
      ) : null}
    </Drawer>
  );
}

interface InspectionValues {
  standardId: number;
  inspectedOn: Dayjs;
  note?: string;
  answers: { outcome?: Outcome; note?: string }[];
}

/** The self-inspection form: one row per item of the current version, big radio buttons for a phone. */
export function InspectionForm({ open, enterpriseId, onClose }: { open: boolean; enterpriseId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<InspectionValues>();
  const standards = useStandards();
  const standardId = Form.useWatch('standardId', form);
  const standard = useStandard(standardId);
  const submit = useSubmitInspection();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const required = requiredRule(t);
  const published = (standards.data ?? []).filter((s) => s.current);
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ inspectedOn: dayjs(todayInChina()), standardId: published.length === 1 ? published[0]!.id : undefined });
      setPhotos([]);
      submit.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, standards.data]);
  const items = standard.data?.currentItems ?? [];
  const finish = async (v: InspectionValues, idempotencyKey: string) => {
    const s = standard.data;
    if (!s?.current) return;
    const created = await submit.mutateAsync({
      idempotencyKey,
      body: {
        enterpriseId, standardId: s.id, versionNumber: s.current.number, inspectedOn: v.inspectedOn.format('YYYY-MM-DD'), note: v.note ?? '',
        answers: items.map((it, k) => ({ position: it.position, outcome: v.answers[k]!.outcome!, note: v.answers[k]?.note ?? '' })),
      },
    }).catch(() => null);
    if (!created) return;
    for (const p of photos) {
      if (p.originFileObj) await uploadFile('prevention_inspection', created.id, p.originFileObj, newIdempotencyKey()).catch((err: unknown) => void message.error(errorMessage(t, err)));
    }
    void message.success(created.failedCount ? t('prevention.inspections.submitted', { count: created.failedCount }) : t('prevention.inspections.submittedOk'));
    onClose();
  };
  return (
    <FormDrawer<InspectionValues>
      open={open}
      onClose={onClose}
      size={560}
      title={t('prevention.inspections.new')}
      form={form}
      onFinish={(v, key) => void finish(v, key)}
      error={submit.error}
      submitting={submit.isPending}
      submitTestId="inspection-submit"
      formProps={{ 'data-testid': 'inspection-form' }}
    >
      <Form.Item name="standardId" label={t('prevention.inspections.standard')} rules={[{ required: true, message: t('prevention.inspections.pickStandard') }]}>
        <Select options={published.map((s) => ({ value: s.id, label: `${s.title} · ${t('prevention.standards.version', { n: s.current!.number })}` }))} data-testid="inspection-standard" />
      </Form.Item>
      <Form.Item name="inspectedOn" label={t('prevention.inspections.date')} rules={[required]}>
        <DatePicker disabledDate={(d) => d.isAfter(dayjs(todayInChina()), 'day')} style={{ width: '100%' }} />
      </Form.Item>
      {items.map((it, k) => (
        <fieldset key={`${standard.data?.current?.id}-${it.position}`} className="prevention-item" data-testid="inspection-item">
          <legend>
            {it.position + 1}. {it.text}
            {it.evidenceRequired ? <Tag icon={<CameraOutlined />} style={{ marginInlineStart: 8 }}>{t('prevention.standards.evidence')}</Tag> : null}
          </legend>
          {it.guidance ? <p className="prevention-guidance">{it.guidance}</p> : null}
          <Form.Item name={['answers', k, 'outcome']} rules={[{ required: true, message: t('prevention.inspections.answerAll') }]} style={{ marginBottom: 8 }}>
            <Radio.Group optionType="button" buttonStyle="solid" size="large" options={OUTCOMES.map((o) => ({ value: o, label: t(`prevention.outcomes.${o}`) }))} />
          </Form.Item>
          <Form.Item name={['answers', k, 'note']} label={t('prevention.inspections.note')}>
            <Input maxLength={1000} />
          </Form.Item>
        </fieldset>
      ))}
      <Form.Item name="note" label={t('prevention.inspections.note')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item label={t('prevention.inspections.photos')}>
        <Upload listType="picture" accept="image/*" fileList={photos} beforeUpload={() => false} onChange={({ fileList }) => setPhotos(fileList)} multiple>
          <Button icon={<CameraOutlined />}>{t('prevention.inspections.addPhoto')}</Button>
        </Upload>
      </Form.Item>
    </FormDrawer>
  );
}
