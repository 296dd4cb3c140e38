/** The notification centre: everything that reached me, unread first. */
import { SettingOutlined } from '@ant-design/icons';
import { Button, Card, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NotificationList } from '../features/notifications/NotificationList';
import { useMarkRead, useUnreadCount } from '../features/notifications/api';
import { PageHeader } from '../lib/ui';

export default function NotificationsPage() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const unread = useUnreadCount().data ?? 0;
  const mark = useMarkRead();
  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        subtitle={t('notifications.centerSubtitle')}
        extra={
          <>
            <Button disabled={!unread} loading={mark.isPending} onClick={() => mark.mutate({ all: true })}>{t('notifications.markAllRead')}</Button>
            <Link to="/notifications/settings"><Button icon={<SettingOutlined />}>{t('notifications.prefsTitle')}</Button></Link>
          </>
        }
      />
      <Card>
        <Segmented
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => setUnreadOnly(v === 'unread')}
          options={[
            { value: 'all', label: t('notifications.allTab') },
            { value: 'unread', label: t('notifications.unreadTab', { count: unread }) },
          ]}
          className="notification-tabs"
        />
        <NotificationList unreadOnly={unreadOnly} />
      </Card>
    </>
  );
}
