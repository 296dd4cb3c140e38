import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatPct, todayInChina } from '../../lib/format';
import { StageTag } from '../../lib/ui';
import type { Enterprise } from './api';

/** Today's stage and output, or "not reported" with the last report date. */
export function TodayStatus({ latest }: { latest: Enterprise['latest'] }) {
  const { t } = useTranslation();
  if (latest && latest.reportDate === todayInChina()) {
    return (
      <Space size={6} className="nowrap">
        <StageTag stage={latest.stage} />
        <Typography.Text>{t('enterprises.status.output', { value: formatPct(latest.outputPct) })}</Typography.Text>
      </Space>
    );
  }
  return (
    <Space size={6} className="nowrap">
      <Tag variant="outlined">{t('enterprises.status.notReported')}</Tag>
      {latest ? <Typography.Text type="secondary">{t('enterprises.status.last', { date: latest.reportDate })}</Typography.Text> : null}
    </Space>
  );
}
