/** Training sessions with the member firms expected and attendance (the prevention group records it). */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, requiredRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { formatDate, formatInt } from '../../lib/format';
import { EmptyState, ErrorState } from '../../lib/ui';
import { useCreateTraining, useMemberOptions, useRecordAttendance, useTrainings, type Training } from './api';

interface TrainingValues {
  topic: string;
  heldOn: Dayjs;
  place?: string;
  attendees: { enterpriseId?: number; expected?: number }[];
}

export function TrainingForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TrainingValues>();
  const create = useCreateTraining();
  const members = useMemberOptions(open);
  const required = requiredRule(t);
  useEffect(() => {
    if (open) {
      form.resetFields();
      create.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const finish = (v: TrainingValues, idempotencyKey: string) =>
    void create
      .mutateAsync({ idempotencyKey, body: { topic: v.topic, heldOn: v.heldOn.format('YYYY-MM-DD'), place: v.place ?? '', attendees: (v.attendees ?? []).map((a) => ({ enterpriseId: a.enterpriseId!, expected: a.expected! })) } })
      .then(onClose)
      .catch(() => undefined);
  return (
    <FormDrawer<TrainingValues> open={open} onClose={onClose} size={560} title={t('prevention.trainings.new')} form={form} onFinish={finish} error={create.error} submitting={create.isPending} submitTestId="training-submit">
      <Form.Item name="topic" label={t('prevention.trainings.topic')} rules={[required]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="heldOn" label={t('prevention.trainings.date')} rules={[required]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="place" label={t('prevention.trainings.place')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.List name="attendees">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, k) => (
              <Row gutter={8} key={f.key}>
                <Col span={14}>
                  <Form.Item name={[f.name, 'enterpriseId']} label={`${t('prevention.trainings.attendees')} ${k + 1}`} rules={[required]}>
                    <Select showSearch optionFilterProp="label" options={members.data ?? []} loading={members.isLoading} />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item name={[f.name, 'expected']} label={`${t('prevention.trainings.expected')} ${k + 1}`} rules={[required]}>
                    <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={3}>
                  <Form.Item label=" ">
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)}>
                      <span className="sr-only">{t('prevention.standards.remove')} {k + 1}</span>
                    </Button>
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ expected: 1 })}>{t('prevention.trainings.addFirm')}</Button>
          </>
        )}
      </Form.List>
    </FormDrawer>
  );
}

function AttendanceModal({ training, onClose }: { training: Training | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const record = useRecordAttendance(training?.id ?? 0);
  const [values, setValues] = useState<Record<number, number>>({});
  useEffect(() => {
    if (training) setValues(Object.fromEntries(training.attendees.map((a) => [a.enterprise.id, a.attended ?? a.expected])));
  }, [training]);
  if (!training) return null;
  const save = () =>
    void record
      .mutateAsync({ version: training.version, attendance: training.attendees.map((a) => ({ enterpriseId: a.enterprise.id, attended: values[a.enterprise.id] ?? 0 })) })
      .then(onClose)
      .catch((err: unknown) => void message.error(errorMessage(t, err)));
  return (
    <Modal open onCancel={onClose} onOk={save} confirmLoading={record.isPending} title={`${t('prevention.trainings.record')} · ${training.topic}`}>
      {training.attendees.map((a) => (
        <Row key={a.enterprise.id} gutter={8} style={{ marginBottom: 8 }} align="middle">
          <Col span={14}>
            <label htmlFor={`att-${a.enterprise.id}`}>{a.enterprise.name}</label>
          </Col>
          <Col span={10}>
            <InputNumber id={`att-${a.enterprise.id}`} min={0} max={100000} precision={0} value={values[a.enterprise.id]} onChange={(v) => setValues({ ...values, [a.enterprise.id]: v ?? 0 })} />
          </Col>
        </Row>
      ))}
    </Modal>
  );
}

export function TrainingList({ manager }: { manager: boolean }) {
  const { t } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useTrainings(page);
  const [recording, setRecording] = useState<Training | null>(null);
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <Table<Training>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <EmptyState description={t('prevention.trainings.none')} /> }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        expandable={{
          expandedRowRender: (r) => (
            <ul>
              {r.attendees.map((a) => (
                <li key={a.enterprise.id}>
                  {a.enterprise.name} · {t('prevention.trainings.expected')} {formatInt(a.expected)} · {t('prevention.trainings.attended')} {a.attended === null ? '—' : formatInt(a.attended)}
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { key: 'date', title: t('prevention.trainings.date'), render: (_, r) => formatDate(r.heldOn) },
          { key: 'topic', title: t('prevention.trainings.topic'), dataIndex: 'topic' },
          { key: 'place', title: t('prevention.trainings.place'), dataIndex: 'place' },
          { key: 'totals', title: t('prevention.trainings.attendees'), render: (_, r) => t('prevention.trainings.totals', { expected: r.expectedTotal, attended: r.attendedTotal }) },
          ...(manager ? [{ key: 'act', title: t('prevention.trainings.record'), render: (_: unknown, r: Training) => <Button size="small" onClick={() => setRecording(r)}>{t('prevention.trainings.record')}</Button> }] : []),
        ]}
      />
      <AttendanceModal training={recording} onClose={() => setRecording(null)} />
    </>
  );
}
