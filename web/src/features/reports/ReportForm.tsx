/**
 * The daily report (复工日报), built for a phone: a handful of numbers, the stage, and blockers
 * as toggles with a note each. Pre-filled from the last report; when the chosen day already has
 * a report, the form edits it (sending its version).
 */
import { Button, Col, Form, Input, Row, Space, Tag } from 'antd';
import { Suspense, lazy, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, newIdempotencyKey, type FieldProblem } from '../../lib/api';
import { BLOCKER_CATEGORIES, STAGES, type Stage } from '../../lib/stages';
import { applyFieldErrors, requiredRule, zodRule } from '../../lib/errors';
import { todayInChina } from '../../lib/format';
import { ChoiceGroup, NumberInput, Toggle } from '../../lib/light-inputs';
import { ErrorAlert, Panel } from '../../lib/ui';
import { useSubmitReport, type Report } from './api';

type Category = (typeof BLOCKER_CATEGORIES)[number];

// The server's field rules (zod) load on the first check, not with the page a phone opens.
const fields = () => import('@server/modules/reports/reports.schema').then((m) => m.ReportFields);
// The "saved" screen (a Result) loads once there is something saved.
const ReportDone = lazy(() => import('./ReportDone'));

interface Values {
  /** YYYY-MM-DD (a day in China). */
  reportDate: string;
  outputPct: number | null;
  capacityPct: number | null;
  staffOnDuty: number | null;
  staffTotal: number | null;
  staffAway: number | null;
  staffLentOut: number | null;
  staffBorrowedIn: number | null;
  stage: Stage;
  blockers: Record<Category, { on: boolean; note: string }>;
  materialCoverDays: number | null;
  preventionCoverDays: number | null;
}

function emptyBlockers(): Values['blockers'] {
  return Object.fromEntries(BLOCKER_CATEGORIES.map((c) => [c, { on: false, note: '' }])) as Values['blockers'];
}

function fromReport(r: Report | undefined, date: string, headcount: number | undefined): Values {
  const blockers = emptyBlockers();
  for (const b of r?.blockers ?? []) blockers[b.category] = { on: true, note: b.note };
  return {
    reportDate: date,
    outputPct: r?.outputPct ?? null,
    capacityPct: r?.capacityPct ?? null,
    staffOnDuty: r?.staffOnDuty ?? null,
    staffTotal: r?.staffTotal ?? headcount ?? null,
    staffAway: r?.staffAway ?? 0,
    staffLentOut: r?.staffLentOut ?? 0,
    staffBorrowedIn: r?.staffBorrowedIn ?? 0,
    stage: r?.stage ?? 'partial',
    blockers,
    materialCoverDays: r?.materialCoverDays ?? null,
    preventionCoverDays: r?.preventionCoverDays ?? null,
  };
}

interface Props {
  enterpriseId: number;
  headcount?: number;
  /** This enterprise's recent reports, oldest first. */
  reports: Report[];
  onShowHistory?: () => void;
}

export function ReportForm({ enterpriseId, headcount, reports, onShowHistory }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const today = todayInChina();
  const [date, setDate] = useState(today);
  const [done, setDone] = useState<{ report: Report; edited: boolean } | null>(null);
  const mutation = useSubmitReport(enterpriseId);
  const idempotencyKey = useRef(newIdempotencyKey());

  const existing = useMemo(() => reports.find((r) => r.reportDate === date), [reports, date]);
  const previous = useMemo(() => [...reports].reverse().find((r) => r.reportDate < date), [reports, date]);

  // Pre-fill when the day (or the enterprise, or the day's saved version) changes — not on every refetch.
  useEffect(() => {
    form.setFieldsValue(fromReport(existing ?? previous, date, headcount));
    idempotencyKey.current = newIdempotencyKey();
    mutation.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enterpriseId, date, existing?.version, !!previous]);

  const blockerState = Form.useWatch('blockers', form);

  const submit = (v: Values) => {
    const blockers = BLOCKER_CATEGORIES.filter((c) => v.blockers[c]?.on).map((c) => ({ category: c, note: v.blockers[c].note ?? '' }));
    const body = {
      reportDate: date,
      outputPct: v.outputPct ?? 0,
      capacityPct: v.capacityPct ?? 0,
      staffOnDuty: v.staffOnDuty ?? 0,
      staffTotal: v.staffTotal ?? 0,
      staffAway: v.staffAway ?? 0,
      staffLentOut: v.staffLentOut ?? 0,
      staffBorrowedIn: v.staffBorrowedIn ?? 0,
      stage: v.stage,
      blockers,
      materialCoverDays: v.materialCoverDays ?? null,
      preventionCoverDays: v.preventionCoverDays ?? null,
      ...(existing ? { version: existing.version } : {}),
    };
    mutation.mutate(
      { body, idempotencyKey: idempotencyKey.current },
      {
        onSuccess: (report) => setDone({ report, edited: !!existing }),
        onError: (err) => {
          // The server names blockers by index; our fields are by category.
          if (err instanceof ApiError) {
            const remap = (e: FieldProblem): FieldProblem => {
              const m = /^blockers\.(\d+)\.(\w+)$/.exec(e.path);
              return m && blockers[Number(m[1])] ? { ...e, path: `blockers.${blockers[Number(m[1])].category}.${m[2]}` } : e;
            };
            applyFieldErrors(t, form, new ApiError(err.status, err.code, err.detail, err.requestId, err.errors.map(remap), err.params));
          }
        },
      },
    );
  };

  if (done) {
    return (
      <Panel>
        <Suspense fallback={null}>
          <ReportDone report={done.report} edited={done.edited} onEdit={() => setDone(null)} onShowHistory={onShowHistory} />
        </Suspense>
      </Panel>
    );
  }

  const required = requiredRule(t);
  const pct = () => (
    <NumberInput integer suffix="%" />
  );

  return (
    <Panel
      title={
        <Space wrap>
          <span>{t(existing ? 'reports.form.editTitle' : 'reports.form.newTitle')}</span>
          {existing ? <Tag color="blue">{t('reports.form.versionTag', { version: existing.version })}</Tag> : previous ? <Tag>{t('reports.form.prefilled', { date: previous.reportDate })}</Tag> : null}
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        className="report-form"
        onFinish={submit}
        onValuesChange={(changed) => {
          idempotencyKey.current = newIdempotencyKey();
          if ('reportDate' in changed && changed.reportDate) setDate(changed.reportDate as string);
        }}
        scrollToFirstError
        initialValues={fromReport(undefined, today, headcount)}
      >
        <ErrorAlert error={mutation.error} />
        <Form.Item name="reportDate" label={t('reports.fields.reportDate')} rules={[required]}>
          {/* The phone's own date picker: a day as YYYY-MM-DD, whatever the browser's time zone. */}
          <Input type="date" max={today} required style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="stage" label={t('reports.fields.stage')} rules={[required]}>
          <ChoiceGroup<Stage> label={t('reports.fields.stage')} className="stage-choice" options={STAGES.map((s) => ({ value: s, label: t(`common.stages.${s}`) }))} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name="outputPct" label={t('reports.fields.outputPct')} tooltip={t('reports.help.outputPct')} rules={[required, zodRule(t, async () => (await fields()).shape.outputPct)]}>
              {pct()}
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="capacityPct" label={t('reports.fields.capacityPct')} tooltip={t('reports.help.capacityPct')} rules={[required, zodRule(t, async () => (await fields()).shape.capacityPct)]}>
              {pct()}
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="staffOnDuty"
              label={t('reports.fields.staffOnDuty')}
              dependencies={['staffTotal']}
              validateFirst
              rules={[
                required,
                zodRule(t, async () => (await fields()).shape.staffOnDuty),
                ({ getFieldValue }) => ({
                  validator: async (_, v: number | null) => {
                    const total = getFieldValue('staffTotal') as number | null;
                    if (v !== null && total !== null && v > total) throw new Error(t('fieldErrors.staff_exceeds_total'));
                  },
                }),
              ]}
            >
              <NumberInput integer />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="staffTotal" label={t('reports.fields.staffTotal')} rules={[required, zodRule(t, async () => (await fields()).shape.staffTotal)]}>
              <NumberInput integer />
            </Form.Item>
          </Col>
          {(['staffAway', 'staffLentOut'] as const).map((name) => (
            <Col xs={8} key={name}>
              <Form.Item
                name={name}
                label={t(`reports.fields.${name}`)}
                tooltip={t(`reports.help.${name}`)}
                dependencies={['staffTotal']}
                validateFirst
                rules={[
                  zodRule(t, async () => (await fields()).shape[name].unwrap(), { optional: true }),
                  ({ getFieldValue }) => ({
                    validator: async (_, v: number | null) => {
                      const total = getFieldValue('staffTotal') as number | null;
                      if (v !== null && v !== undefined && total !== null && v > total) throw new Error(t('fieldErrors.staff_exceeds_total'));
                    },
                  }),
                ]}
              >
                <NumberInput integer />
              </Form.Item>
            </Col>
          ))}
          <Col xs={8}>
            <Form.Item name="staffBorrowedIn" label={t('reports.fields.staffBorrowedIn')} tooltip={t('reports.help.staffBorrowedIn')} rules={[zodRule(t, async () => (await fields()).shape.staffBorrowedIn.unwrap(), { optional: true })]}>
              <NumberInput integer />
            </Form.Item>
          </Col>
        </Row>

        <h2 className="form-section">{t('reports.fields.blockers')}</h2>
        <p className="muted small form-help">{t('reports.help.blockers')}</p>
        <div className="blocker-list">
          {BLOCKER_CATEGORIES.map((c) => {
            const on = !!blockerState?.[c]?.on;
            return (
              <div key={c} className={on ? 'blocker-item on' : 'blocker-item'} data-testid={`blocker-${c}`}>
                <div className="blocker-head">
                  <label htmlFor={`blocker-switch-${c}`}>{t(`common.blockers.${c}`)}</label>
                  <Form.Item name={['blockers', c, 'on']} valuePropName="checked" noStyle>
                    <Toggle id={`blocker-switch-${c}`} />
                  </Form.Item>
                </div>
                <Form.Item name={['blockers', c, 'note']} hidden={!on} className="blocker-note" style={{ marginBottom: 0 }} rules={[zodRule(t, async () => (await fields()).shape.blockers.unwrap().element.shape.note, { optional: true })]}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} placeholder={t('reports.form.notePlaceholder')} aria-label={t('reports.form.noteFor', { category: t(`common.blockers.${c}`) })} />
                </Form.Item>
              </div>
            );
          })}
        </div>

        <h2 className="form-section" style={{ marginTop: 20 }}>{t('reports.form.cover')}</h2>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name="materialCoverDays" label={t('reports.fields.materialCoverDays')} rules={[zodRule(t, async () => (await fields()).shape.materialCoverDays.unwrap().unwrap(), { optional: true })]}>
              <NumberInput suffix={t('reports.form.days')} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="preventionCoverDays" label={t('reports.fields.preventionCoverDays')} rules={[zodRule(t, async () => (await fields()).shape.preventionCoverDays.unwrap().unwrap(), { optional: true })]}>
              <NumberInput suffix={t('reports.form.days')} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" block size="large" loading={mutation.isPending} data-testid="report-submit">
          {t(existing ? 'reports.form.update' : 'reports.form.submit')}
        </Button>
      </Form>
    </Panel>
  );
}
