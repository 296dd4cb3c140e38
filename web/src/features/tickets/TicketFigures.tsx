/** Overview card of problem handling: open by group, overdue, on-time rate, median times, satisfaction. */
import { Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatInt, formatRate } from '../../lib/format';
import { ErrorState, PageLoading } from '../../lib/ui';
import { useTicketFigures } from './api';
import './tickets.css';

const hours = (v: number | null) => (v === null ? null : v < 10 ? v.toFixed(1) : v.toFixed(0));

/** The mean rating as five stars (read-only: plain characters, not Ant Design's Rate input). */
function Stars({ score, label }: { score: number; label: string }) {
  const full = Math.round(score);
  return (
    <span className="figure-rate" role="img" aria-label={label} title={label}>
      <span className="figure-stars-on">{'\u2605'.repeat(full)}</span>
      <span className="figure-stars-off">{'\u2605'.repeat(5 - full)}</span>
    </span>
  );
}

/** Ratings per group or handler: a plain table (the overview loads no Ant Design Table for it). */
function RatingTable({ caption, first, rows }: { caption: string; first: string; rows: { key: string; name: string; rated: number; mean: number }[] }) {
  const { t } = useTranslation();
  return (
    <table className="plain-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col" className="num">{t('tickets.figures.rated')}</th>
          <th scope="col" className="num">{t('tickets.figures.mean')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.name}</td>
            <td className="num">{r.rated}</td>
            <td className="num">{r.mean.toFixed(1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

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
          {f.meanSatisfaction !== null ? <Stars score={f.meanSatisfaction} label={t('tickets.rating.stars', { score: f.meanSatisfaction.toFixed(1) })} /> : null}
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
          <RatingTable
            caption={t('tickets.figures.satisfactionByGroup')}
            first={t('tickets.figures.group')}
            rows={f.satisfactionByGroup.map((g) => ({ key: g.group, name: g.group === 'unassigned' ? t('tickets.list.unassigned') : t(`common.workingGroups.${g.group}`), rated: g.rated, mean: g.mean }))}
          />
          {f.satisfactionByHandler.length ? (
            <RatingTable
              caption={t('tickets.figures.satisfactionByHandler')}
              first={t('tickets.figures.handler')}
              rows={f.satisfactionByHandler.slice(0, 8).map((r) => ({ key: String(r.user.id), name: r.user.displayName, rated: r.rated, mean: r.mean }))}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
