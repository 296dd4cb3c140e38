/** Small pieces the campaign pages share: status tag, tier list, the current-tier line. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { unitLabel } from '@server/domain/units';
import { formatInt } from '../../lib/format';
import { currentLocale } from '../../lib/i18n';
import type { Campaign, CampaignItem } from './api';
import { formatFen } from '../../lib/money';

const STATUS_COLORS: Record<Campaign['status'], string> = { open: 'green', locked: 'gold', ordered: 'blue', completed: 'default' };

export function CampaignStatusTag({ status }: { status: Campaign['status'] }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`purchasing.statuses.${status}`)}</Tag>;
}

export function TierList({ item }: { item: CampaignItem }) {
  const { t } = useTranslation();
  const unit = unitLabel(item.unit, currentLocale());
  return (
    <ul className="tier-list">
      {item.tiers.map((tier, i) => (
        <li key={tier.minCount} className={i === item.tier.index ? 'tier-current' : undefined}>
          {t('purchasing.tierLine', { from: formatInt(tier.minCount), unit, price: formatFen(tier.unitPriceFen) })}
          {i === item.tier.index ? <Tag color="green" className="tier-tag">{t('purchasing.currentTier')}</Tag> : null}
        </li>
      ))}
    </ul>
  );
}

/** "¥1.20 / 件 now; 3,000 more for ¥0.98". */
export function TierNow({ item }: { item: CampaignItem }) {
  const { t } = useTranslation();
  const unit = unitLabel(item.unit, currentLocale());
  const price = item.unitPriceFen ?? item.tier.unitPriceFen;
  return (
    <span>
      {t('purchasing.priceNow', { price: formatFen(price), unit })}
      {item.unitPriceFen === null && item.tier.next ? <span className="muted small"> · {t('purchasing.nextTier', { units: formatInt(item.tier.next.unitsToGo), unit, price: formatFen(item.tier.next.unitPriceFen) })}</span> : null}
    </span>
  );
}
