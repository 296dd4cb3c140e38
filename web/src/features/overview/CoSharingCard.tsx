/** Overview card of group purchasing and resource / order co-sharing: campaigns, units, money, board and orders. */
import { Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unitLabel, type UnitCode } from '@server/domain/units';
import { formatInt } from '../../lib/format';
import { currentLocale } from '../../lib/i18n';
import { formatFen } from '../../lib/money';
import { ErrorState, PageLoading } from '../../lib/ui';
import { useCoSharingFigures } from './api';

function Figure({ title, value, foot, testId }: { title: string; value: string; foot?: string; testId: string }) {
  return (
    <Col xs={12} md={6}>
      <div data-testid={testId}>
        <Statistic title={title} value={value} />
        {foot ? <div className="muted small">{foot}</div> : null}
      </div>
    </Col>
  );
}

export function CoSharingCard() {
  const { t } = useTranslation();
  const figures = useCoSharingFigures();
  if (figures.isPending) return <PageLoading rows={5} />;
  if (figures.error) return <ErrorState error={figures.error} onRetry={() => void figures.refetch()} />;
  const { purchasing: p, market: m } = figures.data;
  const locale = currentLocale();
  return (
    <div data-testid="co-sharing-figures">
      <Row gutter={[12, 12]}>
        <Figure testId="co-open-campaigns" title={t('overview.coSharing.openCampaigns')} value={formatInt(p.openCampaigns)} foot={t('overview.coSharing.campaignsFoot', { count: p.campaigns })} />
        <Figure testId="co-firms" title={t('overview.coSharing.firms')} value={formatInt(p.firms)} />
        <Figure testId="co-committed" title={t('overview.coSharing.committed')} value={formatFen(p.committedFen)} foot={t('overview.coSharing.committedFoot', { amount: formatFen(p.orderedFen) })} />
        <Col xs={12} md={6}>
          <Link to="/purchasing">{t('overview.coSharing.openPurchasing')}</Link>
        </Col>
      </Row>
      {/* A plain table: the overview loads no Ant Design Table (with its pagination, select and menus). */}
      <table className="plain-table section" data-testid="co-units">
        <caption>{t('overview.coSharing.units')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('overview.coSharing.unit')}</th>
            <th scope="col" className="num">{t('overview.coSharing.pledged')}</th>
            <th scope="col" className="num">{t('overview.coSharing.allocated')}</th>
            <th scope="col" className="num">{t('overview.coSharing.received')}</th>
          </tr>
        </thead>
        <tbody>
          {p.units.length ? (
            p.units.map((u) => (
              <tr key={u.unit}>
                <td>{unitLabel(u.unit as UnitCode, locale)}</td>
                <td className="num">{formatInt(u.pledgedCount)}</td>
                <td className="num">{formatInt(u.allocatedCount)}</td>
                <td className="num">{formatInt(u.receivedCount)}</td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={4} className="muted">{t('overview.coSharing.noUnits')}</td>
            </tr>
          )}
        </tbody>
      </table>
      <Row gutter={[12, 12]} className="section">
        <Figure testId="co-offers" title={t('overview.coSharing.offers')} value={formatInt(m.openOffers)} />
        <Figure testId="co-needs" title={t('overview.coSharing.needs')} value={formatInt(m.openNeeds)} />
        <Figure testId="co-deals" title={t('overview.coSharing.deals')} value={formatInt(m.dealsAgreed)} foot={t('overview.coSharing.dealsFoot', { count: m.deals })} />
        <Figure testId="co-orders" title={t('overview.coSharing.orders')} value={formatInt(m.ordersPassedOn)} foot={t('overview.coSharing.ordersFoot', { count: m.orders, completed: m.ordersCompleted })} />
      </Row>
      <Link to="/market">{t('overview.coSharing.openMarket')}</Link>
    </div>
  );
}
