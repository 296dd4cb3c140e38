/** Overview card of problem handling: open by group, overdue, on-time rate, median times, satisfaction. */
import { Rate, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatInt, formatRate } from '../../lib/format';
import { ErrorState, PageLoading } from '../../lib/ui';
import { useTicketFigures } from './api';
import './tickets.css';

const hours = (v: number | null) => (v === null ? null : v < 10 ? v.toFixed(1) : v.toFixed(0));

export function TicketFiguresCard() {
  const { t } = useTranslation();
  const figures = useTicketFigures();
  if (figures.isPending) return <PageLoading rows={5} />;
  if (figures.error) return <ErrorState error={figures.error} onRetry={() => void figures.refetch()} />;
  const f = figures.data;
  const max = Math.max(1, ...f.openByGroup.map((g) => g.count));
  const none = t('tickets.figures.noData');
  return (
    <div className="figures" data-testid="ticket-figures">
      <div className="figures-stats">
        <Link to="/problems?tab=overdue" className="figure figure-alert">
          <Statistic title={t('tickets.figures.overdue')} value={f.overdue} />
          <span className="figure-foot">{t('tickets.figures.overdueFoot', { count: f.escalated })}</span>
        </Link>
        <div className="figure">
          <Statistic title={t('tickets.figures.slaCompliance')} value={f.slaCompliance === null ? none : formatRate(f.slaCompliance, 0)} />
          <span className="figure-foot">{t('tickets.figures.slaFoot', { count: f.resolved })}</span>
        </div>
        <div className="figure">
          <Statistic title={t('tickets.figures.medianResponse')} value={hours(f.medianFirstResponseHours) === null ? none : t('tickets.figures.hours', { value: hours(f.medianFirstResponseHours) })} />
        </div>
        <div className="figure">
          <Statistic title={t('tickets.figures.medianResolution')} value={hours(f.medianResolutionHours) === null ? none : t('tickets.figures.hours', { value: hours(f.medianResolutionHours) })} />
        </div>
        <div className="figure">
          <Statistic title={t('tickets.figures.satisfaction')} value={f.meanSatisfaction === null ? none : f.meanSatisfaction.toFixed(1)} suffix={f.meanSatisfaction === null ? undefined : '/ 5'} />
          {f.meanSatisfaction !== null ? <Rate disabled allowHalf value={Math.round(f.meanSatisfaction * 2) / 2} className="figure-rate" aria-label={t('tickets.rating.stars', { score: f.meanSatisfaction.toFixed(1) })} /> : null}
          <span className="figure-foot">{t('tickets.figures.satisfactionFoot', { count: f.rated })}</span>
        </div>
      </div>
      <div className="figures-groups">
        <div className="figures-subtitle">{t('tickets.figures.openByGroup')} · {t('tickets.figures.open', { count: formatInt(f.open) })}</div>
        {f.openByGroup.map((g) => (
          <div key={g.group} className="group-bar">
            <span className="group-name">{g.group === 'unassigned' ? t('tickets.list.unassigned') : t(`common.workingGroups.${g.group}`)}</span>
            <span className="group-track" aria-hidden><span className="group-fill" style={{ width: `${(g.count / max) * 100}%` }} /></span>
            <span className="group-count">{formatInt(g.count)}</span>
          </div>
        ))}
      </div>
      {f.satisfactionByGroup.length ? (
        <div className="figures-satisfaction" data-testid="satisfaction-breakdown">
          <Table
            size="small"
            pagination={false}
            rowKey="group"
            title={() => t('tickets.figures.satisfactionByGroup')}
            dataSource={f.satisfactionByGroup}
            columns={[
              { key: 'group', title: t('tickets.figures.group'), dataIndex: 'group', render: (g: string) => (g === 'unassigned' ? t('tickets.list.unassigned') : t(`common.workingGroups.${g}`)) },
              { key: 'rated', title: t('tickets.figures.rated'), dataIndex: 'rated', align: 'right', width: 90 },
              { key: 'mean', title: t('tickets.figures.mean'), dataIndex: 'mean', align: 'right', width: 100, render: (m: number) => m.toFixed(1) },
            ]}
          />
          {f.satisfactionByHandler.length ? (
            <Table
              size="small"
              pagination={false}
              rowKey={(r) => r.user.id}
              title={() => t('tickets.figures.satisfactionByHandler')}
              dataSource={f.satisfactionByHandler.slice(0, 8)}
              columns={[
                { key: 'handler', title: t('tickets.figures.handler'), render: (_: unknown, r) => r.user.displayName },
                { key: 'rated', title: t('tickets.figures.rated'), dataIndex: 'rated', align: 'right', width: 90 },
                { key: 'mean', title: t('tickets.figures.mean'), dataIndex: 'mean', align: 'right', width: 100, render: (m: number) => m.toFixed(1) },
              ]}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
