/** From November, tells the platform admin that next year's official holidays are not entered. */
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCalendarStatus } from './api';

export function NextYearWarning({ enabled, linkToCalendar = true }: { enabled: boolean; linkToCalendar?: boolean }) {
  const { t } = useTranslation();
  const status = useCalendarStatus(enabled);
  if (!enabled || !status.data?.nextYearMissing) return null;
  const next = status.data.year + 1;
  return (
    <Alert
      type="warning"
      showIcon
      className="section"
      title={t('calendar.nextYearMissing', { year: next })}
      action={
        linkToCalendar ? (
          <Link to={`/settings/calendar?year=${next}`}>
            <Button size="small">{t('calendar.notice.open')}</Button>
          </Link>
        ) : undefined
      }
    />
  );
}
