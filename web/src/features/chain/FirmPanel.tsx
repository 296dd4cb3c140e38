/**
 * One firm on the map: its forecast (output per day against its own capacity and the break
 * threshold), its break day and cause, and its suppliers and customers by item.
 */
import { CloseOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Empty, Table, Tag, Typography } from 'antd';
import { MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Chart, type EChartsOption } from '../../lib/charts';
import { addDays, formatInt, shortDate, todayInChina } from '../../lib/format';
import type { Analysis, AnalysisFirm } from './api';
import { CausePath } from './CausePath';
import { STATUS_TAG_COLORS, customersOf, firmStatus, rootCause, suppliersOf, type Neighbour } from './model';

echarts.use([MarkLineComponent]);

const pct = (v: number) => `${Math.round(v * 100)}%`;

export function StatusTag({ firm }: { firm: AnalysisFirm }) {
  const { t } = useTranslation();
  const s = firmStatus(firm);
  return (
    <Tag color={STATUS_TAG_COLORS[s]} variant="outlined">
      {t(`chain.status.${s}`)}
      {firm.breakDay !== null ? ` · ${t('chain.day', { day: firm.breakDay })}` : ''}
    </Tag>
  );
}

/** "第 3 天（11-30）": a forecast day with its calendar date (day 0 = today in China). */
export function DayLabel({ day }: { day: number }) {
  const { t } = useTranslation();
  return <span className="nowrap">{t('chain.dayDate', { day, date: shortDate(addDays(todayInChina(), day)) })}</span>;
}

export function ForecastChart({ analysis, firm }: { analysis: Analysis; firm: AnalysisFirm }) {
  const { t } = useTranslation();
  const days = firm.x.map((_, i) => i);
  const option: EChartsOption = {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, itemWidth: 16 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : String(v)) },
    xAxis: { type: 'category', data: days.map((d) => t('chain.dayShort', { day: d })), boundaryGap: false },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { lineStyle: { color: '#eef0f3' } } },
    series: [
      {
        name: t('chain.panel.output'),
        type: 'line',
        symbolSize: 5,
        color: '#1d4ed8',
        areaStyle: { opacity: 0.08 },
        data: firm.x.map((v) => Math.round(v * 1000) / 10),
        markLine:
          firm.breakDay !== null
            ? { symbol: 'none', silent: true, lineStyle: { color: '#dc2626', type: 'solid' }, label: { formatter: t('chain.panel.breakMark'), color: '#b91c1c' }, data: [{ xAxis: firm.breakDay }] }
            : undefined,
      },
      { name: t('chain.panel.capacity'), type: 'line', symbol: 'none', color: '#16a34a', lineStyle: { type: 'dashed' }, data: days.map(() => Math.round(firm.capacity * 1000) / 10) },
      { name: t('chain.panel.threshold'), type: 'line', symbol: 'none', color: '#f59e0b', lineStyle: { type: 'dotted' }, data: days.map(() => Math.round(firm.capacity * analysis.theta * 1000) / 10) },
    ],
  };
  return <Chart option={option} label={t('chain.panel.forecastLabel', { name: firm.name })} />;
}

function NeighbourTable({ rows, side, onSelect }: { rows: Neighbour[]; side: 'supplier' | 'customer'; onSelect: (id: number) => void }) {
  const { t } = useTranslation();
  if (!rows.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(side === 'supplier' ? 'chain.panel.noSuppliers' : 'chain.panel.noCustomers')} />;
  return (
    <Table<Neighbour>
      size="small"
      pagination={false}
      rowKey={(r) => r.link.id}
      dataSource={rows}
      columns={[
        { key: 'item', title: t('chain.fields.item'), render: (_, r) => r.link.item, className: 'nowrap' },
        {
          key: 'firm',
          title: t(side === 'supplier' ? 'chain.fields.supplier' : 'chain.fields.customer'),
          render: (_, r) => (r.firm ? <Typography.Link onClick={() => onSelect(r.firm!.id)}>{r.firm.name}</Typography.Link> : '—'),
        },
        { key: 'share', title: t('chain.fields.share'), align: 'right', className: 'nowrap', render: (_, r) => `${r.link.sharePct}%` },
        { key: 'lead', title: t('chain.fields.lead'), align: 'right', className: 'nowrap', render: (_, r) => t('chain.daysValue', { n: r.link.leadDays }) },
        { key: 'status', title: t('chain.fields.status'), render: (_, r) => (r.firm ? <StatusTag firm={r.firm} /> : null) },
      ]}
    />
  );
}

export function FirmPanel({ analysis, firm, onSelect, onClose }: { analysis: Analysis; firm: AnalysisFirm; onSelect: (id: number) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const byId = useMemo(() => new Map(analysis.firms.map((f) => [f.id, f])), [analysis]);
  const ups = suppliersOf(analysis, firm.id, byId);
  const downs = customersOf(analysis, firm.id, byId);
  const root = rootCause(firm);
  const rootFirm = root ? byId.get(root.id) : undefined;
  return (
    <div className="firm-panel" data-testid="firm-panel">
      <div className="firm-panel-head">
        <div>
          <Typography.Title level={2} className="firm-panel-title">{firm.name}</Typography.Title>
          <StatusTag firm={firm} /> <Link to={`/members/${firm.id}`} className="small">{t('chain.panel.profile')}</Link>
        </div>
        <Button type="text" icon={<CloseOutlined />} onClick={onClose} aria-label={t('chain.panel.close')} />
      </div>
      <Descriptions size="small" column={2} className="firm-panel-facts">
        <Descriptions.Item label={t('chain.fields.tier')}>{firm.tier}</Descriptions.Item>
        <Descriptions.Item label={t('chain.fields.headcount')}>{formatInt(firm.headcount)}</Descriptions.Item>
        <Descriptions.Item label={t('chain.fields.capacity')}>{pct(firm.capacity)}</Descriptions.Item>
        <Descriptions.Item label={t('chain.fields.actual')}>{pct(firm.actual)}</Descriptions.Item>
      </Descriptions>
      {firm.breakDay !== null && firm.cause ? (
        <Alert
          type="error"
          showIcon
          className="firm-panel-alert"
          title={
            <>
              {t('chain.panel.breaksOn')} <DayLabel day={firm.breakDay} />
            </>
          }
          description={
            <>
              <div>{t('chain.panel.causeSentence', { item: firm.cause.item, root: root?.name ?? '', capacity: rootFirm ? pct(rootFirm.capacity) : '—' })}</div>
              <div className="firm-panel-path"><CausePath analysis={analysis} firm={firm} onSelect={onSelect} /></div>
            </>
          }
        />
      ) : (
        <Alert type={firmStatus(firm) === 'ok' ? 'success' : 'warning'} showIcon className="firm-panel-alert" title={t(`chain.panel.statusHelp.${firmStatus(firm)}`, { days: analysis.Y.length })} />
      )}
      {analysis.mode === 'dynamic' ? (
        <>
          <Typography.Title level={3} className="firm-panel-section">{t('chain.panel.forecast')}</Typography.Title>
          <ForecastChart analysis={analysis} firm={firm} />
        </>
      ) : null}
      <Typography.Title level={3} className="firm-panel-section">{t('chain.panel.upstream', { n: ups.length })}</Typography.Title>
      <NeighbourTable rows={ups} side="supplier" onSelect={onSelect} />
      <Typography.Title level={3} className="firm-panel-section">{t('chain.panel.downstream', { n: downs.length })}</Typography.Title>
      <NeighbourTable rows={downs} side="customer" onSelect={onSelect} />
    </div>
  );
}
