/** Pieces of the consultation pages: lists, ranking with reasons, conversation, visits, outcome. */
import { Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, List, Rate, Select, Space, Statistic, Table, Tag, Typography, Upload, message } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatShort } from '../../lib/format';
import { errorMessage } from '../../lib/errors';
import { ErrorAlert, ErrorState, PageLoading } from '../../lib/ui';
import {
  checkIn, closeConsultation, makePlan, markRead, postMessage, rate, reportVisit, requestExperts, respond, scheduleVisit, setExperts, uploadFile, useCandidates, useConsultations, useExpertAction,
  useConversationLive, useMessages, useRanking, type Consultation, type Plan, type Visit,
} from './api';

const STATUS_COLORS: Record<string, string> = { open: 'gold', active: 'blue', closed: 'green', cancelled: 'default', proposed: 'gold', accepted: 'green', declined: 'red', withdrawn: 'default' };

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`experts.status.${status}`)}</Tag>;
}

/** Cases as cards (readable on a phone). */
export function ConsultationList({ awaiting }: { awaiting?: boolean }) {
  const { t } = useTranslation();
  const q = useConsultations(awaiting);
  const act = useExpertAction((v: { id: number; accept: boolean }) => respond(v.id, v.accept));
  if (q.isPending) return <PageLoading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <List
      dataSource={q.data.items}
      locale={{ emptyText: t('experts.empty') }}
      renderItem={(c) => (
        <List.Item
          data-testid={`consultation-${c.id}`}
          actions={awaiting ? [
            <Button key="a" type="primary" size="small" onClick={() => act.mutate({ id: c.id, accept: true })}>{t('experts.accept')}</Button>,
            <Button key="d" size="small" danger onClick={() => act.mutate({ id: c.id, accept: false })}>{t('experts.decline')}</Button>,
          ] : []}
        >
          <List.Item.Meta
            title={<Link to={`/consultations/${c.id}`}>{c.ticket.title}</Link>}
            description={
              <Space wrap size={4}>
                <StatusTag status={c.status} />
                <span>{c.enterprise.name}</span>
                {c.experts.filter((e) => e.status === 'accepted' || e.status === 'proposed').map((e) => <Tag key={e.user.id}>{e.user.displayName}</Tag>)}
                {c.openSeats ? <Tag color="orange">{t('experts.openSeats', { count: c.openSeats })}</Tag> : null}
                {c.unread ? <Tag color="red">{t('experts.unread', { count: c.unread })}</Tag> : null}
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** Open problems that could use an expert; one click asks for one. */
export function CandidatesCard() {
  const { t } = useTranslation();
  const q = useCandidates(true);
  const [form] = Form.useForm<{ ticketId: number; machine: string; symptoms: string; expertsNeeded: number }>();
  const create = useExpertAction(requestExperts);
  return (
    <Card title={t('experts.candidates')}>
      {create.error ? <ErrorAlert error={create.error} /> : null}
      <Form form={form} layout="vertical" initialValues={{ expertsNeeded: 1, machine: '', symptoms: '' }} onFinish={(v) => create.mutate(v, { onSuccess: () => form.resetFields() })}>
        <Form.Item name="ticketId" label={t('experts.problem')} rules={[{ required: true, message: t('fieldErrors.required') }]}>
          <Select
            data-testid="candidate-select"
            options={(q.data?.items ?? []).map((c) => ({ value: c.ticketId, label: `${c.proposed ? '★ ' : ''}#${c.ticketId} ${c.title} · ${c.enterprise.name}` }))}
            showSearch
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item name="machine" label={t('experts.machine')}><Input /></Form.Item>
        <Form.Item name="symptoms" label={t('experts.symptoms')}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="expertsNeeded" label={t('experts.expertsNeeded')}><InputNumber min={1} max={3} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="request-experts">{t('experts.request')}</Button>
      </Form>
      <Typography.Paragraph type="secondary" className="small">{t('experts.proposedHint')}</Typography.Paragraph>
    </Card>
  );
}

/** The optimal plan for every open seat; the handler confirms it case by case. */
export function PlanCard({ consultations }: { consultations: { id: number; version: number; title: string }[] }) {
  const { t } = useTranslation();
  const [plan, setPlan] = useState<Plan | null>(null);
  const run = useExpertAction(makePlan);
  const confirm = useExpertAction((v: { id: number; ids: number[]; version: number }) => setExperts(v.id, v.ids, v.version));
  return (
    <Card title={t('experts.plan')} extra={<Button onClick={() => run.mutate(undefined, { onSuccess: (p) => setPlan(p as Plan) })} loading={run.isPending} data-testid="make-plan">{t('experts.makePlan')}</Button>}>
      {run.error || confirm.error ? <ErrorAlert error={run.error ?? confirm.error} /> : null}
      {plan ? (
        <List
          dataSource={plan.items}
          renderItem={(i) => {
            const c = consultations.find((x) => x.id === i.consultationId);
            return (
              <List.Item actions={[<Button key="c" size="small" disabled={!c || !i.expertUserIds.length} onClick={() => c && confirm.mutate({ id: c.id, ids: i.expertUserIds, version: c.version })}>{t('experts.confirm')}</Button>]}>
                <List.Item.Meta title={c?.title ?? `#${i.consultationId}`} description={t('experts.planLine', { count: i.expertUserIds.length, unfilled: i.unfilled, fit: i.scores.join(', ') || '—' })} />
              </List.Item>
            );
          }}
        />
      ) : <Typography.Text type="secondary">{t('experts.planHint')}</Typography.Text>}
    </Card>
  );
}

/** The ranking for one case with every factor shown: the handler proposes from it. */
export function RankingCard({ c }: { c: Consultation }) {
  const { t } = useTranslation();
  const q = useRanking(c.id, c.can.assign);
  const [chosen, setChosen] = useState<number[]>([]);
  useEffect(() => setChosen(c.experts.filter((e) => e.status === 'proposed' || e.status === 'accepted').map((e) => e.user.id)), [c]);
  const save = useExpertAction(() => setExperts(c.id, chosen, c.version));
  if (!c.can.assign) return null;
  return (
    <Card title={t('experts.ranking')} extra={<Button type="primary" onClick={() => save.mutate(undefined)} loading={save.isPending} data-testid="save-experts">{t('experts.propose')}</Button>}>
      {save.error ? <ErrorAlert error={save.error} /> : null}
      {q.error ? <ErrorState error={q.error} /> : null}
      <Table
        size="small"
        rowKey={(r) => r.expert.user.id}
        loading={q.isPending}
        dataSource={q.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        // No "select all" (a case takes 1–3 experts): antd would copy its checkbox into the aria-hidden measure row.
        rowSelection={{ hideSelectAll: true, selectedRowKeys: chosen, onChange: (keys) => setChosen((keys as number[]).slice(0, c.expertsNeeded)), getCheckboxProps: (r) => ({ disabled: !r.eligible && !chosen.includes(r.expert.user.id), 'aria-label': t('experts.chooseExpert', { name: r.expert.user.displayName }) }) }}
        columns={[
          { title: t('experts.expert'), render: (_, r) => <span>{r.expert.user.displayName}{r.assignment ? <> <StatusTag status={r.assignment} /></> : null}</span> },
          { title: t('experts.score'), dataIndex: 'score' },
          { title: t('experts.why'), render: (_, r) => (
            <Space wrap size={2}>
              {r.matchedWords.map((w) => <Tag key={w} color="blue">{w}</Tag>)}
              {Object.entries(r.factors).map(([f, v]) => <Tag key={f}>{t(`experts.factors.${f}`)} {Math.round(v * 100)}%</Tag>)}
              {r.ineligibleReason ? <Tag color="red">{t(`experts.ineligible.${r.ineligibleReason}`)}</Tag> : null}
            </Space>
          ) },
        ]}
      />
    </Card>
  );
}

export function Conversation({ c }: { c: Consultation }) {
  const { t } = useTranslation();
  const live = useConversationLive(c.id);
  const q = useMessages(c.id, live === 'live');
  const [text, setText] = useState('');
  const send = useExpertAction((v: { body: string; files: number[] }) => postMessage(c.id, v.body, v.files));
  const last = q.data?.items.at(-1)?.id;
  useEffect(() => {
    if (last) void markRead(c.id, last).catch(() => undefined);
  }, [c.id, last]);
  return (
    <Card title={t('experts.conversation')} extra={<Tag color={live === 'live' ? 'green' : 'default'} data-testid="conversation-live">{t(`experts.live.${live}`)}</Tag>}>
      {q.isPending ? <PageLoading rows={3} /> : q.error ? <ErrorState error={q.error} /> : (
        <List
          size="small"
          dataSource={q.data.items}
          locale={{ emptyText: t('experts.noMessages') }}
          renderItem={(m) => (
            <List.Item data-testid="message">
              <List.Item.Meta
                title={<Space><Tag color={m.side === 'expert' ? 'blue' : m.side === 'firm' ? 'green' : 'default'}>{t(`experts.sides.${m.side}`)}</Tag>{m.author?.displayName}<Typography.Text type="secondary" className="small">{formatShort(m.createdAt)}</Typography.Text></Space>}
                description={<>
                  <Typography.Paragraph className="timeline-text">{m.body}</Typography.Paragraph>
                  {m.attachments.map((a) => <div key={a.id}><a href={`/api/consultations/${c.id}/attachments/${a.id}`} target="_blank" rel="noreferrer">{a.name}</a></div>)}
                </>}
              />
            </List.Item>
          )}
        />
      )}
      {q.data?.reads.length ? <Typography.Text type="secondary" className="small">{t('experts.readBy', { names: q.data.reads.map((r) => r.user.displayName).join(', ') })}</Typography.Text> : null}
      {c.can.message ? (
        <div className="section">
          {send.error ? <ErrorAlert error={send.error} /> : null}
          <Input.TextArea rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid="message-input" aria-label={t('experts.writeMessage')} />
          <Space className="section">
            <Button type="primary" disabled={!text.trim()} loading={send.isPending} onClick={() => send.mutate({ body: text, files: [] }, { onSuccess: () => setText('') })} data-testid="send-message">{t('experts.send')}</Button>
            <Upload
              showUploadList={false}
              beforeUpload={(file) => {
                void uploadFile(c.id, file).then((a) => send.mutate({ body: file.name, files: [a.id] }), (err: unknown) => void message.error(errorMessage(t, err)));
                return false;
              }}
            >
              <Button>{t('experts.attach')}</Button>
            </Upload>
          </Space>
        </div>
      ) : <Typography.Text type="secondary">{t('experts.watching')}</Typography.Text>}
    </Card>
  );
}

function VisitReportForm({ v }: { v: Visit }) {
  const { t } = useTranslation();
  const save = useExpertAction((body: { findings: string; actions: string; partsNeeded: string; followUps: string }) => reportVisit(v.id, { ...body, version: v.version }));
  return (
    <Form layout="vertical" onFinish={(b) => save.mutate(b)} initialValues={{ findings: '', actions: '', partsNeeded: '', followUps: '' }}>
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Form.Item name="findings" label={t('experts.findings')} rules={[{ required: true, message: t('fieldErrors.required') }]}><Input.TextArea rows={2} data-testid="report-findings" /></Form.Item>
      <Form.Item name="actions" label={t('experts.actions')}><Input.TextArea rows={2} /></Form.Item>
      <Form.Item name="partsNeeded" label={t('experts.partsNeeded')}><Input /></Form.Item>
      <Form.Item name="followUps" label={t('experts.followUps')}><Input /></Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-report">{t('experts.saveReport')}</Button>
    </Form>
  );
}

export function VisitsCard({ c, userId }: { c: Consultation; userId: number }) {
  const { t } = useTranslation();
  const accepted = c.experts.filter((e) => e.status === 'accepted');
  const [form] = Form.useForm<{ date: dayjs.Dayjs; experts: number[]; note: string }>();
  const schedule = useExpertAction((v: { date: dayjs.Dayjs; experts: number[]; note: string }) => scheduleVisit(c.id, { visitDate: v.date.format('YYYY-MM-DD'), expertUserIds: v.experts, note: v.note ?? '', followUpOf: c.visits.filter((x) => x.status === 'reported').at(-1)?.id ?? null }));
  const doCheckIn = useExpertAction((id: number) => checkIn(id));
  return (
    <Card title={t('experts.visits')}>
      {schedule.error || doCheckIn.error ? <ErrorAlert error={schedule.error ?? doCheckIn.error} /> : null}
      <List
        dataSource={c.visits}
        locale={{ emptyText: t('experts.noVisits') }}
        renderItem={(v) => (
          <List.Item data-testid={`visit-${v.id}`}>
            <div style={{ width: '100%' }}>
              <Space wrap>
                <strong>{v.visitDate}</strong>
                <StatusTag status={v.status} />
                {v.followUpOf ? <Tag>{t('experts.followUp')}</Tag> : null}
                {v.experts.map((e) => <Tag key={e.user.id} color={e.checkedInAt ? 'green' : undefined}>{e.user.displayName}</Tag>)}
                {v.report ? <a href={`/api/visits/${v.id}/report.docx`}>{t('experts.docx')}</a> : null}
                {v.status === 'scheduled' && v.experts.some((e) => e.user.id === userId) ? <Button size="small" onClick={() => doCheckIn.mutate(v.id)} data-testid="check-in">{t('experts.checkIn')}</Button> : null}
              </Space>
              {v.report ? (
                <Descriptions size="small" column={1} className="section">
                  <Descriptions.Item label={t('experts.findings')}>{v.report.findings}</Descriptions.Item>
                  <Descriptions.Item label={t('experts.actions')}>{v.report.actions || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('experts.partsNeeded')}>{v.report.partsNeeded || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('experts.followUps')}>{v.report.followUps || '—'}</Descriptions.Item>
                </Descriptions>
              ) : v.status === 'checked_in' && c.can.visit ? <VisitReportForm v={v} /> : null}
            </div>
          </List.Item>
        )}
      />
      {c.can.visit && accepted.length ? (
        <Form form={form} layout="inline" className="section" onFinish={(v) => schedule.mutate(v, { onSuccess: () => form.resetFields() })}>
          <Form.Item name="date" rules={[{ required: true, message: t('fieldErrors.required') }]}><DatePicker aria-label={t('experts.visitDate')} data-testid="visit-date" /></Form.Item>
          <Form.Item name="experts" initialValue={accepted.map((e) => e.user.id)} rules={[{ required: true, message: t('fieldErrors.required') }]}>
            <Select mode="multiple" style={{ minWidth: 200 }} options={accepted.map((e) => ({ value: e.user.id, label: e.user.displayName }))} aria-label={t('experts.expert')} />
          </Form.Item>
          <Form.Item name="note"><Input placeholder={t('experts.note')} /></Form.Item>
          <Button htmlType="submit" loading={schedule.isPending} data-testid="schedule-visit">{t('experts.schedule')}</Button>
        </Form>
      ) : null}
    </Card>
  );
}

export function OutcomeCard({ c }: { c: Consultation }) {
  const { t } = useTranslation();
  const o = c.outcome;
  const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
  return (
    <Card title={t('experts.outcome', { days: o.days })}>
      {o.visitDate ? (
        <Space wrap size="large">
          <Statistic title={t('experts.capacityBefore')} value={pct(o.before.capacityPct)} />
          <Statistic title={t('experts.capacityAfter')} value={pct(o.after.capacityPct)} />
          <Statistic title={t('experts.capacityGain')} value={o.capacityGain === null ? '—' : `${o.capacityGain > 0 ? '+' : ''}${o.capacityGain}`} />
          <Statistic title={t('experts.capacityRatio')} value={o.capacityRatio === null ? '—' : `×${o.capacityRatio}`} />
          <Statistic title={t('experts.outputGain')} value={o.outputGain === null ? '—' : `${o.outputGain > 0 ? '+' : ''}${o.outputGain}`} />
        </Space>
      ) : <Typography.Text type="secondary">{t('experts.noOutcome')}</Typography.Text>}
    </Card>
  );
}

export function RespondBar({ c }: { c: Consultation }) {
  const { t } = useTranslation();
  const act = useExpertAction((accept: boolean) => respond(c.id, accept));
  if (!c.can.respond) return null;
  return (
    <Space className="section">
      <Button type="primary" onClick={() => act.mutate(true)} data-testid="accept-case">{t('experts.accept')}</Button>
      <Button danger onClick={() => act.mutate(false)}>{t('experts.decline')}</Button>
    </Space>
  );
}

export function RateClose({ c }: { c: Consultation }) {
  const { t } = useTranslation();
  const [score, setScore] = useState(5);
  const [note, setNote] = useState('');
  const doRate = useExpertAction(() => rate(c.id, score, note));
  const doClose = useExpertAction(() => closeConsultation(c.id, c.version, note));
  if (!c.can.rate && !c.can.close && c.rating === null) return null;
  return (
    <Card title={t('experts.rateClose')}>
      {doRate.error || doClose.error ? <ErrorAlert error={doRate.error ?? doClose.error} /> : null}
      {c.rating !== null ? <Rate disabled value={c.rating} /> : null}
      {c.can.rate || c.can.close ? <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} aria-label={t('experts.note')} /> : null}
      <Space className="section">
        {c.can.rate ? <><Rate value={score} onChange={setScore} /><Button type="primary" onClick={() => doRate.mutate(undefined)} data-testid="rate-help">{t('experts.rate')}</Button></> : null}
        {c.can.close ? <Button onClick={() => doClose.mutate(undefined)} data-testid="close-consultation">{t('experts.close')}</Button> : null}
      </Space>
    </Card>
  );
}
