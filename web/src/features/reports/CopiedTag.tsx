/** The flag on a report that repeats the day before's figures exactly (the server compares them). */
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

export function CopiedTag() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('reports.copied.help')}>
      <Tag color="gold" data-testid="copied-flag">{t('reports.copied.tag')}</Tag>
    </Tooltip>
  );
}
