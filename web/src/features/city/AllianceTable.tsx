/** Every alliance side by side; each figure opens the firms behind it. */
import { QuestionCircleOutlined } from '@ant-design/icons';
import { Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatInt, formatPct, formatRate } from '../../lib/format';
import type { AllianceRow, Figure, FirmsFilter } from './api';
import { FigureLink } from './FigureLink';

function Defined({ title, definition }: { title: string; definition: string }) {
  return (
    <span>
      {title}{' '}
      <Tooltip title={definition}>
        <QuestionCircleOutlined className="muted" aria-label={definition} />
      </Tooltip>
    </span>
  );
}

export function AllianceTable({ rows, date, onDrill, loading }: { rows: AllianceRow[]; date: string; onDrill: (f: FirmsFilter) => void; loading?: boolean }) {
  const { t } = useTranslation();
  const link = (r: AllianceRow, figure: Figure, value: number | string, shown?: string) => (
    <FigureLink
      label={t('city.drill.label', { alliance: r.alliance.name, figure: t(`city.figures.${figure}`), value })}
      testId={`drill-${r.alliance.id}-${figure}`}
      onOpen={() => onDrill({ figure, allianceId: r.alliance.id, allianceName: r.alliance.name, date })}
    >
      {shown ?? value}
    </FigureLink>
  );
  return (
    <Table<AllianceRow>
      rowKey={(r) => r.alliance.id}
      size="middle"
      loading={loading}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 1520 }}
      data-testid="city-alliances"
      columns={[
        { key: 'name', title: t('city.table.alliance'), fixed: 'left', width: 220, render: (_, r) => <div><strong>{r.alliance.name}</strong><div><Typography.Text type="secondary" className="small">{r.alliance.chain}</Typography.Text></div></div> },
        { key: 'members', title: t('city.figures.members'), align: 'right', width: 90, render: (_, r) => link(r, 'members', formatInt(r.members)) },
        { key: 'reported', title: <Defined title={t('city.table.reported')} definition={t('city.definitions.reportingRate')} />, align: 'right', width: 130, render: (_, r) => <span>{link(r, 'reported', formatInt(r.reported))} <span className="muted small">{formatRate(r.reportingRate)}</span></span> },
        { key: 'unknown', title: t('city.figures.unknown'), align: 'right', width: 90, render: (_, r) => link(r, 'unknown', formatInt(r.unknown)) },
        { key: 'resumption', title: <Defined title={t('city.table.resumptionRate')} definition={t('city.definitions.resumptionRate')} />, align: 'right', width: 130, render: (_, r) => link(r, 'resumed', formatInt(r.resumed), formatRate(r.resumptionRate)) },
        { key: 'output', title: <Defined title={t('city.table.outputCapacity')} definition={t('city.definitions.output')} />, align: 'right', width: 130, render: (_, r) => link(r, 'reported', formatInt(r.reported), `${formatPct(r.outputPct)} / ${formatPct(r.capacityPct)}`) },
        { key: 'staff', title: <Defined title={t('city.table.staff')} definition={t('city.definitions.staff')} />, align: 'right', width: 150, render: (_, r) => <span>{formatInt(r.staffOnDuty)} <span className="muted small">{formatRate(r.staffOnDutyRate)}</span></span> },
        { key: 'away', title: <Defined title={t('city.table.staffAway')} definition={t('city.definitions.staffAway')} />, align: 'right', width: 150, render: (_, r) => <span>{formatInt(r.staffAway)} <span className="muted small">{t('city.table.lentBorrowed', { lent: r.staffLentOut, borrowed: r.staffBorrowedIn })}</span></span> },
        {
          key: 'shared', title: <Defined title={t('city.table.shared')} definition={t('city.definitions.shared')} />, align: 'right', width: 170,
          render: (_, r) => <span>{formatInt(r.workforce.workersLentToday)} <span className="muted small">{t('city.table.sharedDemand', { filled: r.workforce.demand.filled, open: r.workforce.demand.open })}</span></span>,
        },
        {
          key: 'chain', title: <Defined title={t('city.figures.chain_breaks')} definition={t('city.definitions.chain')} />, align: 'right', width: 120,
          render: (_, r) => (r.chain ? link(r, 'chain_breaks', formatInt(r.chain.breaks)) : <span className="muted">{t('city.table.noForecast')}</span>),
        },
        { key: 'open', title: t('city.figures.open_problems'), align: 'right', width: 100, render: (_, r) => link(r, 'open_problems', formatInt(r.openProblems)) },
        { key: 'overdue', title: t('city.figures.overdue_problems'), align: 'right', width: 100, render: (_, r) => (r.overdueProblems ? <span className="kpi-down">{link(r, 'overdue_problems', formatInt(r.overdueProblems))}</span> : link(r, 'overdue_problems', '0')) },
      ]}
    />
  );
}
