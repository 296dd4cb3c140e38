/** The pool, the figures (load, demand vs supply), an expert's own profile and visit calendar. */
import { Button, Card, Checkbox, InputNumber, List, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { districtOptions, divisionOptions } from '../../lib/domain';
import { currentLocale } from '../../lib/i18n';
import { ErrorAlert, ErrorState, PageLoading } from '../../lib/ui';
import { StatusTag } from './ConsultationParts';
import { updateMyProfile, useExpertAction, useExperts, useFigures, useMyProfile, useVisits } from './api';

export function FiguresCard() {
  const { t, i18n } = useTranslation();
  const q = useFigures(true);
  if (q.isPending) return <PageLoading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const f = q.data;
  const en = i18n.language === 'en-US';
  return (
    <>
      <Card title={t(`experts.scope.${f.scope}`)} className="section">
        <Space wrap size="large">
          <Statistic title={t('experts.figures.experts')} value={f.experts.active} suffix={`/ ${f.experts.total}`} />
          <Statistic title={t('experts.figures.load')} value={f.experts.load} suffix={`/ ${f.experts.capacity}`} />
          <Statistic title={t('experts.figures.open')} value={f.consultations.open + f.consultations.active} />
          <Statistic title={t('experts.figures.firmsHelped')} value={f.firmsHelped} />
          <Statistic title={t('experts.figures.capacityRegained')} value={f.capacityRegained} />
          <Statistic title={t('experts.figures.responseHours')} value={f.medianResponseHours ?? '—'} />
        </Space>
      </Card>
      <Card title={t('experts.figures.specialties')} className="section">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={f.specialties}
          columns={[
            { title: t('experts.specialty'), render: (_, s) => (en ? s.nameEn : s.nameZh) },
            { title: t('experts.figures.demand'), dataIndex: 'demand' },
            { title: t('experts.figures.supply'), dataIndex: 'supply' },
            { title: t('experts.figures.expertsCount'), dataIndex: 'experts' },
            { title: '', render: (_, s) => (s.short ? <Tag color="red">{t('experts.figures.short')}</Tag> : null) },
          ]}
        />
      </Card>
      <Card title={t('experts.figures.byExpert')} className="section">
        <Table
          size="small"
          rowKey={(r) => r.user.id}
          dataSource={f.byExpert}
          columns={[
            { title: t('experts.expert'), render: (_, r) => r.user.displayName },
            { title: t('experts.figures.load'), render: (_, r) => `${r.load} / ${r.maxCases}` },
            { title: t('experts.figures.cases'), dataIndex: 'cases' },
            { title: t('experts.figures.capacityRegained'), dataIndex: 'capacityGain' },
            { title: t('experts.figures.rating'), render: (_, r) => r.ratingAvg ?? '—' },
          ]}
        />
      </Card>
    </>
  );
}

export function PoolCard() {
  const { t, i18n } = useTranslation();
  const q = useExperts(true);
  if (q.error) return <ErrorState error={q.error} />;
  return (
    <Card title={t('experts.pool')} className="section">
      <Table
        size="small"
        rowKey={(e) => e.user.id}
        loading={q.isPending}
        dataSource={q.data?.items ?? []}
        scroll={{ x: true }}
        columns={[
          { title: t('experts.expert'), render: (_, e) => <span>{e.user.displayName} {e.verified ? <Tag color="green">{t('experts.verified')}</Tag> : null}{e.paused ? <Tag>{t('experts.paused')}</Tag> : null}</span> },
          { title: t('experts.specialty'), render: (_, e) => e.specialties.map((s) => <Tag key={s.id}>{i18n.language === 'en-US' ? s.nameEn : s.nameZh}</Tag>) },
          { title: t('experts.figures.load'), render: (_, e) => `${e.load} / ${e.maxCases}` },
          { title: t('experts.figures.rating'), render: (_, e) => e.ratingAvg ?? '—' },
        ]}
      />
    </Card>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];

export function MyProfileCard() {
  const { t, i18n } = useTranslation();
  const q = useMyProfile();
  const [days, setDays] = useState<number[]>([]);
  const [max, setMax] = useState(3);
  const [industries, setIndustries] = useState<string[]>([]);
  const [districts, setDistricts] = useState<string[]>([]);
  useEffect(() => {
    if (q.data) {
      setDays(q.data.availability);
      setMax(q.data.maxCases);
      setIndustries(q.data.industries);
      setDistricts(q.data.districts);
    }
  }, [q.data]);
  const locale = currentLocale();
  const save = useExpertAction((body: Record<string, unknown>) => updateMyProfile({ ...body, version: q.data!.version }));
  if (q.isPending) return <PageLoading />;
  if (q.error) return <ErrorState error={q.error} />;
  const p = q.data;
  return (
    <Card title={p.user.displayName} className="section">
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Typography.Paragraph>{p.bio}</Typography.Paragraph>
      <Space wrap>{p.specialties.map((s) => <Tag key={s.id} color="blue">{i18n.language === 'en-US' ? s.nameEn : s.nameZh}</Tag>)}</Space>
      <div className="section">
        <Typography.Text strong id="my-industries">{t('experts.industries')}</Typography.Text>
        <Select mode="multiple" style={{ width: '100%' }} value={industries} onChange={setIndustries} options={divisionOptions(locale)} optionFilterProp="label" aria-labelledby="my-industries" data-testid="my-industries" />
      </div>
      <div className="section">
        <Typography.Text strong id="my-districts">{t('experts.districts')}</Typography.Text>
        <Select mode="multiple" style={{ width: '100%' }} value={districts} onChange={setDistricts} options={districtOptions(locale)} optionFilterProp="label" aria-labelledby="my-districts" data-testid="my-districts" />
      </div>
      <div className="section">
        <Typography.Text strong>{t('experts.availability')}</Typography.Text>
        <Checkbox.Group value={days} onChange={(v) => setDays(v as number[])} options={WEEKDAYS.map((d) => ({ value: d, label: t(`experts.weekdays.${d}`) }))} />
      </div>
      <Space className="section" wrap>
        <span>{t('experts.maxCases')}</span>
        <InputNumber min={0} max={20} value={max} onChange={(v) => setMax(v ?? 0)} aria-label={t('experts.maxCases')} />
        <Button type="primary" onClick={() => save.mutate({ availability: days, maxCases: max, industries, districts })} data-testid="save-profile">{t('experts.save')}</Button>
        <span>{t('experts.paused')}</span>
        <Switch checked={p.paused} onChange={(paused) => save.mutate({ paused })} aria-label={t('experts.paused')} />
      </Space>
      <Typography.Paragraph type="secondary" className="small">{t('experts.loadLine', { load: p.load, max: p.maxCases })}</Typography.Paragraph>
    </Card>
  );
}

export function VisitCalendar() {
  const { t } = useTranslation();
  const q = useVisits();
  if (q.error) return <ErrorState error={q.error} />;
  return (
    <Card title={t('experts.calendar')} className="section">
      <List
        loading={q.isPending}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: t('experts.noVisits') }}
        renderItem={(v) => (
          <List.Item>
            <Space wrap>
              <strong>{v.visitDate}</strong>
              <StatusTag status={v.status} />
              <Link to={`/consultations/${v.consultationId}`}>{v.ticketTitle}</Link>
              <span>{v.enterprise.name}</span>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
