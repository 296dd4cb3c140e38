/**
 * The working parts of one meeting: the agenda builder (draft from escalated/overdue problems,
 * high risks and the previous meeting's action items; reorder, remove, annotate, add), the
 * minutes editor, and decisions with their action items (owner + deadline).
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, MinusCircleOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { newIdempotencyKey } from '../../lib/api';
import { applyFieldErrors, errorMessage, requiredRule } from '../../lib/errors';
import { formatDateTime, formatDueDay } from '../../lib/format';
import { can, useSession } from '../../lib/session';
import { EmptyState, ErrorAlert } from '../../lib/ui';
import { PRIORITIES } from '@server/modules/tickets/sla';
import { personOptions, useStaffDirectory } from '../../lib/directory';
import { EscalationTag, StatusTag } from '../../lib/ticket-tags';
import { useAddDecision, useBuildAgenda, usePutAgenda, usePutMinutes, type AgendaItem, type MeetingFull, type MeetingStatus } from './api';

export const MEETING_STATUS_COLORS: Record<MeetingStatus, string> = { scheduled: 'blue', held: 'green', cancelled: 'default' };

type Draft = Pick<AgendaItem, 'kind' | 'refId' | 'title' | 'note'> & { key: string; ref: AgendaItem['ref']; analysisId: string | null };
const toDraft = (items: AgendaItem[]): Draft[] => items.map((i) => ({ key: `${i.id}`, kind: i.kind, refId: i.refId, title: i.title, note: i.note, ref: i.ref, analysisId: i.analysisId }));

function RefState({ item }: { item: Draft }) {
  const { t } = useTranslation();
  if (!item.ref) return null;
  if (item.kind === 'risk') return <Tag color={(item.ref.score ?? 0) >= 15 ? 'red' : 'orange'}>{t('meetings.agenda.score', { score: item.ref.score ?? 0 })}</Tag>;
  return (
    <Space size={4} wrap>
      {['submitted', 'accepted', 'in_progress', 'resolved', 'closed'].includes(item.ref.status) ? <StatusTag status={item.ref.status as never} /> : null}
      {item.ref.overdue ? <Tag color="red">{t('tickets.sla.overdue')}</Tag> : null}
      {item.ref.escalationLevel ? <EscalationTag level={item.ref.escalationLevel} /> : null}
    </Space>
  );
}

export function AgendaEditor({ meeting }: { meeting: MeetingFull }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const manage = can(session, 'meeting.manage') && meeting.status === 'scheduled';
  const build = useBuildAgenda(meeting.id);
  const put = usePutAgenda(meeting.id);
  const [items, setItems] = useState<Draft[]>(() => toDraft(meeting.agenda));
  const [newTitle, setNewTitle] = useState('');
  const saved = JSON.stringify(toDraft(meeting.agenda).map(({ kind, refId, title, note }) => [kind, refId, title, note]));
  const dirty = JSON.stringify(items.map(({ kind, refId, title, note }) => [kind, refId, title, note])) !== saved;
  useEffect(() => setItems(toDraft(meeting.agenda)), [meeting.version, meeting.agenda.length]); // eslint-disable-line react-hooks/exhaustive-deps

  const move = (i: number, d: number) => setItems((xs) => {
    const next = [...xs];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x);
    return next;
  });
  const link = (it: Draft) =>
    (it.kind === 'ticket' || it.kind === 'action_review') && it.refId ? `/problems/${it.refId}`
      : it.kind === 'risk' ? '/risks'
      : it.kind === 'chain_break' ? '/chain/forecast'
      : it.kind === 'chain_priority' ? '/chain/impact'
      : null;

  return (
    <Card
      title={t('meetings.agenda.title')}
      className="section"
      extra={
        manage ? (
          <Space wrap>
            <Button icon={<ThunderboltOutlined />} loading={build.isPending} onClick={() => build.mutate(meeting.version, { onSuccess: () => message.success(t('meetings.agenda.built')), onError: (e) => message.error(errorMessage(t, e)) })} data-testid="agenda-build">
              {t('meetings.agenda.build')}
            </Button>
            <Button type="primary" disabled={!dirty} loading={put.isPending} onClick={() => put.mutate({ items: items.map(({ kind, refId, title, note }) => ({ kind, refId, title, note })), version: meeting.version }, { onSuccess: () => message.success(t('meetings.agenda.saved')) })}>
              {t('common.save')}
            </Button>
          </Space>
        ) : null
      }
    >
      {manage ? <Typography.Paragraph type="secondary" className="small">{t('meetings.agenda.help')}</Typography.Paragraph> : null}
      <ErrorAlert error={put.error} />
      <List<Draft>
        dataSource={items}
        locale={{ emptyText: <EmptyState description={t('meetings.agenda.empty')} /> }}
        renderItem={(it, i) => (
          <List.Item
            className="agenda-item"
            actions={
              manage
                ? [
                    <Button key="up" type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('meetings.agenda.up')} />,
                    <Button key="down" type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === items.length - 1} onClick={() => move(i, 1)} aria-label={t('meetings.agenda.down')} />,
                    <Button key="remove" type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => setItems((xs) => xs.filter((_, j) => j !== i))} aria-label={t('meetings.agenda.remove')} />,
                  ]
                : undefined
            }
          >
            <div className="agenda-body">
              <div className="agenda-head">
                <span className="agenda-no">{i + 1}</span>
                <Tag>{t(`meetings.agenda.kinds.${it.kind}`)}</Tag>
                {link(it) ? <Link to={link(it)!}>{it.title}</Link> : <span>{it.title}</span>}
                <RefState item={it} />
                {it.analysisId ? <Typography.Text type="secondary" className="small" data-testid="agenda-analysis">{t('meetings.agenda.fromAnalysis')}</Typography.Text> : null}
              </div>
              {manage ? (
                <Input.TextArea
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  value={it.note}
                  maxLength={2000}
                  placeholder={t('meetings.agenda.notePlaceholder')}
                  aria-label={t('meetings.agenda.noteFor', { title: it.title })}
                  onChange={(e) => setItems((xs) => xs.map((x, j) => (j === i ? { ...x, note: e.target.value } : x)))}
                />
              ) : it.note ? (
                <Typography.Text type="secondary">{it.note}</Typography.Text>
              ) : null}
            </div>
          </List.Item>
        )}
      />
      {manage ? (
        <Space.Compact style={{ width: '100%', marginTop: 12 }}>
          <Input value={newTitle} onChange={(e) => setNewTitle(e.target.value)} placeholder={t('meetings.agenda.addPlaceholder')} aria-label={t('meetings.agenda.add')} maxLength={200} />
          <Button
            icon={<PlusOutlined />}
            disabled={!newTitle.trim()}
            onClick={() => {
              setItems((xs) => [...xs, { key: `new-${Date.now()}`, kind: 'free', refId: null, title: newTitle.trim(), note: '', ref: null, analysisId: null }]);
              setNewTitle('');
            }}
          >
            {t('meetings.agenda.add')}
          </Button>
        </Space.Compact>
      ) : null}
    </Card>
  );
}

export function MinutesEditor({ meeting }: { meeting: MeetingFull }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const manage = can(session, 'meeting.manage') && meeting.status !== 'cancelled';
  const put = usePutMinutes(meeting.id);
  const [body, setBody] = useState(meeting.minutes?.body ?? '');
  useEffect(() => setBody(meeting.minutes?.body ?? ''), [meeting.minutes?.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const dirty = body !== (meeting.minutes?.body ?? '');
  return (
    <Card
      title={t('meetings.minutes.title')}
      className="section"
      extra={
        manage ? (
          <Button type="primary" disabled={!dirty} loading={put.isPending} onClick={() => put.mutate({ body, version: meeting.minutes?.version }, { onSuccess: () => message.success(t('meetings.minutes.saved')) })}>
            {t('common.save')}
          </Button>
        ) : null
      }
    >
      <ErrorAlert error={put.error} />
      {manage ? (
        <Input.TextArea value={body} onChange={(e) => setBody(e.target.value)} autoSize={{ minRows: 8, maxRows: 24 }} maxLength={100_000} placeholder={t('meetings.minutes.placeholder')} aria-label={t('meetings.minutes.title')} />
      ) : meeting.minutes?.body ? (
        <Typography.Paragraph className="minutes-text">{meeting.minutes.body}</Typography.Paragraph>
      ) : (
        <EmptyState description={t('meetings.minutes.empty')} />
      )}
      {meeting.minutes ? (
        <Typography.Text type="secondary" className="small">
          {t('meetings.minutes.updated', { who: meeting.minutes.updatedBy?.displayName ?? '', when: formatDateTime(meeting.minutes.updatedAt), version: meeting.minutes.version })}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

interface DecisionValues {
  text: string;
  agendaItemId?: number | null;
  actionItems?: { title: string; ownerUserId: number; dueDate: Dayjs; priority?: string }[];
}

export function DecisionsPanel({ meeting }: { meeting: MeetingFull }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const manage = can(session, 'meeting.manage') && meeting.status !== 'cancelled';
  const add = useAddDecision(meeting.id);
  const staff = useStaffDirectory(manage && can(session, 'user.directory'));
  const [form] = Form.useForm<DecisionValues>();
  const key = useRef(newIdempotencyKey());
  const [adding, setAdding] = useState(false);
  const owners = [
    ...personOptions(t, staff.data),
    ...meeting.attendees.filter((a) => !staff.data?.some((u) => u.id === a.id)).map((a) => ({ value: a.id, label: a.displayName })),
  ];
  const required = requiredRule(t);
  return (
    <Card title={t('meetings.decisions.title')} className="section" extra={manage && !adding ? <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>{t('meetings.decisions.add')}</Button> : null}>
      {meeting.decisions.length === 0 && !adding ? <EmptyState description={t('meetings.decisions.empty')} /> : null}
      {meeting.decisions.map((d, i) => (
        <div key={d.id} className="decision">
          <Typography.Text strong>{t('meetings.decisions.number', { n: i + 1 })}</Typography.Text> <span className="decision-text">{d.text}</span>
          {d.actionItems.length ? (
            <List
              size="small"
              className="action-items"
              dataSource={d.actionItems}
              renderItem={(a) => (
                <List.Item extra={<StatusTag status={a.status} />}>
                  <Space wrap size={8}>
                    <Link to={`/problems/${a.id}`}>{a.title}</Link>
                    <span className="muted small">{t('meetings.decisions.ownerDue', { owner: a.leadUser?.displayName ?? '', due: formatDueDay(a.resolveDueAt) })}</span>
                    {a.overdue ? <Tag color="red">{t('tickets.sla.overdue')}</Tag> : null}
                  </Space>
                </List.Item>
              )}
            />
          ) : null}
        </div>
      ))}
      {adding ? (
        <Form<DecisionValues>
          form={form}
          layout="vertical"
          className="decision-form"
          onValuesChange={() => (key.current = newIdempotencyKey())}
          onFinish={(v) =>
            add.mutate(
              {
                body: {
                  text: v.text,
                  agendaItemId: v.agendaItemId ?? null,
                  actionItems: (v.actionItems ?? []).map((a) => ({ title: a.title, ownerUserId: a.ownerUserId, dueDate: a.dueDate.format('YYYY-MM-DD'), priority: (a.priority as never) ?? 'normal' })),
                },
                idempotencyKey: key.current,
              },
              {
                onSuccess: () => {
                  message.success(t('meetings.decisions.added'));
                  form.resetFields();
                  key.current = newIdempotencyKey();
                  setAdding(false);
                },
                onError: (err) => applyFieldErrors(t, form, err),
              },
            )
          }
        >
          <ErrorAlert error={add.error} />
          <Form.Item name="text" label={t('meetings.decisions.text')} rules={[required, { min: 2, message: t('fieldErrors.too_small_string', { minimum: 2 }) }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="agendaItemId" label={t('meetings.decisions.agendaItem')}>
            <Select allowClear placeholder={t('common.select')} options={meeting.agenda.map((a, i) => ({ value: a.id, label: `${i + 1}. ${a.title}` }))} />
          </Form.Item>
          <Typography.Text strong>{t('meetings.decisions.actionItems')}</Typography.Text>
          <Form.List name="actionItems">
            {(fields, { add: addRow, remove }) => (
              <>
                {fields.map((f) => (
                  <div key={f.key} className="action-row">
                    <Form.Item name={[f.name, 'title']} label={t('meetings.decisions.actionTitle')} rules={[required, { min: 2, message: t('fieldErrors.too_small_string', { minimum: 2 }) }]} className="action-title">
                      <Input maxLength={120} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'ownerUserId']} label={t('meetings.decisions.owner')} rules={[required]}>
                      <Select showSearch={{ optionFilterProp: 'label' }} options={owners} style={{ width: 200 }} placeholder={t('common.select')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'dueDate']} label={t('meetings.decisions.dueDate')} rules={[required]}>
                      <DatePicker />
                    </Form.Item>
                    <Form.Item name={[f.name, 'priority']} label={t('tickets.fields.priority')} initialValue="normal">
                      <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))} style={{ width: 100 }} />
                    </Form.Item>
                    <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('meetings.decisions.removeAction')} className="action-remove" />
                  </div>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => addRow()} disabled={fields.length >= 20} className="add-action">
                  {t('meetings.decisions.addAction')}
                </Button>
              </>
            )}
          </Form.List>
          <Space style={{ marginTop: 16 }}>
            <Button onClick={() => setAdding(false)}>{t('common.cancel')}</Button>
            <Popconfirm title={t('meetings.decisions.confirm')} onConfirm={() => form.submit()}>
              <Button type="primary" loading={add.isPending}>{t('meetings.decisions.save')}</Button>
            </Popconfirm>
          </Space>
        </Form>
      ) : null}
    </Card>
  );
}
