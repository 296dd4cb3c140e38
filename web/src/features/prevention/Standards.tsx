/** Prevention standards: the working group edits a draft and publishes versions; everyone reads the version in force. */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, List, Row, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../../lib/api';
import { applyFieldErrors, errorMessage, requiredRule } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { EmptyState, ErrorAlert, ErrorState } from '../../lib/ui';
import { useCreateStandard, usePublish, usePutDraft, useStandard, useStandards, type DraftItem } from './api';

interface DraftValues {
  title: string;
  items: DraftItem[];
}

function Editor({ id, manager }: { id: number; manager: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const one = useStandard(id);
  const save = usePutDraft(id);
  const publish = usePublish(id);
  const [form] = Form.useForm<DraftValues>();
  const required = requiredRule(t);
  const s = one.data;
  useEffect(() => {
    if (s) form.setFieldsValue({ title: s.draft.title, items: s.draft.items });
  }, [s, form]);
  if (one.isError) return <ErrorState error={one.error} onRetry={() => void one.refetch()} />;
  if (!s) return null;
  const onSave = async (v: DraftValues) => {
    await save.mutateAsync({ title: v.title, items: v.items, version: s.version }).then(() => void message.success(t('prevention.saved'))).catch((err: unknown) => applyFieldErrors(t, form, err));
  };
  const onPublish = async () => {
    await publish.mutateAsync(s.version).then((r) => void message.success(t('prevention.standards.published', { n: r.current?.number ?? 0 }))).catch((err: unknown) => void message.error(errorMessage(t, err)));
  };
  if (!manager) {
    return (
      <Card title={`${s.title} · ${s.current ? t('prevention.standards.version', { n: s.current.number }) : ''}`}>
        <List dataSource={s.currentItems} renderItem={(it) => <List.Item><List.Item.Meta title={`${it.position + 1}. ${it.text}`} description={it.guidance || null} />{it.evidenceRequired ? <Tag>{t('prevention.standards.evidence')}</Tag> : null}</List.Item>} />
      </Card>
    );
  }
  return (
    <Card
      title={s.current ? t('prevention.standards.current', { n: s.current.number }) : t('prevention.standards.unpublished')}
      extra={
        <Space>
          {s.draftChanged ? <Tag color="orange">{t('prevention.standards.changed')}</Tag> : null}
          <Button type="primary" onClick={() => void onPublish()} loading={publish.isPending} disabled={!s.draftChanged} data-testid="standard-publish">{t('prevention.standards.publish')}</Button>
        </Space>
      }
    >
      <Alert type="info" showIcon title={t('prevention.standards.immutable')} style={{ marginBottom: 16 }} />
      <ErrorAlert error={save.error} />
      <Form<DraftValues> form={form} layout="vertical" onFinish={(v) => void onSave(v)} data-testid="standard-editor">
        <Form.Item name="title" label={t('prevention.standards.title')} rules={[required]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, k) => (
                <Row gutter={8} key={f.key} align="top">
                  <Col xs={24} md={10}>
                    <Form.Item name={[f.name, 'text']} label={`${t('prevention.standards.text')} ${k + 1}`} rules={[required]}>
                      <Input maxLength={300} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={[f.name, 'guidance']} label={`${t('prevention.standards.guidance')} ${k + 1}`}>
                      <Input maxLength={2000} />
                    </Form.Item>
                  </Col>
                  <Col xs={18} md={4}>
                    <Form.Item name={[f.name, 'evidenceRequired']} valuePropName="checked" label=" ">
                      <Checkbox>{t('prevention.standards.evidence')}</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col xs={6} md={2}>
                    <Form.Item label=" ">
                      <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)}>
                        <span className="sr-only">{t('prevention.standards.remove')} {k + 1}</span>
                      </Button>
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ text: '', guidance: '', evidenceRequired: false })}>{t('prevention.standards.addItem')}</Button>
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 16 }}>
          <Button htmlType="submit" loading={save.isPending}>{t('prevention.standards.saveDraft')}</Button>
        </div>
      </Form>
      {s.versions.length ? (
        <>
          <h3 style={{ marginTop: 24 }}>{t('prevention.standards.versions')}</h3>
          <List size="small" dataSource={s.versions} renderItem={(v) => <List.Item>{t('prevention.standards.version', { n: v.number })} · {formatDateTime(v.publishedAt)}</List.Item>} />
        </>
      ) : null}
    </Card>
  );
}

export function StandardsPanel({ manager }: { manager: boolean }) {
  const { t } = useTranslation();
  const list = useStandards();
  const create = useCreateStandard();
  const [selected, setSelected] = useState<number | undefined>();
  const current = selected ?? list.data?.[0]?.id;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const add = () => void create.mutateAsync({ idempotencyKey: newIdempotencyKey(), body: { title: t('prevention.standards.new'), items: [] } }).then((s) => setSelected(s.id));
  return (
    <Row gutter={16}>
      <Col xs={24} md={7}>
        <List
          loading={list.isLoading}
          dataSource={list.data ?? []}
          locale={{ emptyText: <EmptyState description={t('prevention.standards.none')} /> }}
          header={manager ? <Button icon={<PlusOutlined />} onClick={add} loading={create.isPending}>{t('prevention.standards.new')}</Button> : null}
          renderItem={(s) => (
            <List.Item onClick={() => setSelected(s.id)} style={{ cursor: 'pointer', fontWeight: s.id === current ? 600 : undefined }}>
              <Button type="link" onClick={() => setSelected(s.id)} aria-current={s.id === current ? 'true' : undefined}>{s.title}</Button>
              {s.current ? <Tag color="green">{t('prevention.standards.version', { n: s.current.number })}</Tag> : <Tag>{t('prevention.standards.unpublished')}</Tag>}
            </List.Item>
          )}
        />
      </Col>
      <Col xs={24} md={17}>{current ? <Editor id={current} manager={manager} /> : null}</Col>
    </Row>
  );
}
