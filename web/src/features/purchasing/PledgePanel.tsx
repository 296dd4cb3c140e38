/** A firm's own pledges: one line per item with its pledge, the live expected cost, and the pledge input while pledging is open. */
import { App, Button, Card, InputNumber } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unitLabel } from '@server/domain/units';
import { errorMessage } from '../../lib/errors';
import { formatInt } from '../../lib/format';
import { currentLocale } from '../../lib/i18n';
import { usePledge, type Campaign, type CampaignItem } from './api';
import { formatFen } from '../../lib/money';
import { TierNow } from './parts';

function PledgeLineRow({ campaign, item, enterpriseId }: { campaign: Campaign; item: CampaignItem; enterpriseId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const pledge = usePledge(campaign.id);
  const mine = campaign.mine.find((l) => l.itemId === item.id && l.enterprise.id === enterpriseId);
  const [count, setCount] = useState<number | null>(mine?.count ?? null);
  const unit = unitLabel(item.unit, currentLocale());
  const inputId = `pledge-${item.id}`;
  const submit = () =>
    pledge.mutate(
      { enterpriseId, itemId: item.id, count: count ?? 0 },
      { onSuccess: () => message.success(t('purchasing.pledge.saved')), onError: (e) => message.error(errorMessage(t, e)) },
    );
  return (
    <div className="pledge-row" data-testid={`pledge-row-${item.id}`}>
      <div className="pledge-item">
        <strong>{item.name}</strong> <span className="muted small">{item.spec}</span>
        <div className="small"><TierNow item={item} /></div>
        {item.perFirmCap !== null ? <div className="muted small">{t('purchasing.pledge.cap', { cap: formatInt(item.perFirmCap), unit })}</div> : null}
      </div>
      <div>
        <div className="muted small">{t('purchasing.pledge.mine')}</div>
        <strong data-testid={`mine-count-${item.id}`}>{mine ? `${formatInt(mine.count)} ${unit}` : '—'}</strong>
        {mine?.allocatedCount !== null && mine?.allocatedCount !== undefined ? <div className="small">{t('purchasing.pledge.allocated', { count: formatInt(mine.allocatedCount), unit })}</div> : null}
      </div>
      <div>
        <div className="muted small">{t('purchasing.pledge.expectedCost')}</div>
        <strong data-testid={`mine-cost-${item.id}`}>{mine ? formatFen(mine.expectedCostFen) : '—'}</strong>
      </div>
      {campaign.pledgeOpen ? (
        <div>
          <label htmlFor={inputId} className="muted small" style={{ display: 'block' }}>{t('purchasing.pledge.count', { unit })}</label>
          <InputNumber id={inputId} min={0} max={item.perFirmCap ?? 2_147_483_647} precision={0} value={count} onChange={(v) => setCount(v)} style={{ width: 140 }} />{' '}
          <Button type="primary" onClick={submit} loading={pledge.isPending} data-testid={`pledge-submit-${item.id}`}>{t('purchasing.pledge.submit')}</Button>
        </div>
      ) : null}
    </div>
  );
}

export function PledgePanel({ campaign, enterpriseId }: { campaign: Campaign; enterpriseId: number }) {
  const { t } = useTranslation();
  return (
    <Card title={t('purchasing.pledge.title')} className="section" data-testid="pledge-panel">
      {!campaign.pledgeOpen ? <p className="muted">{t('purchasing.pledge.closed')}</p> : null}
      {campaign.items.map((item) => (
        <PledgeLineRow key={item.id} campaign={campaign} item={item} enterpriseId={enterpriseId} />
      ))}
    </Card>
  );
}
