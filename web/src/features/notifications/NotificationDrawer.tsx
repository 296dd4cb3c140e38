/** The bell's drawer: unread / all, my latest notifications, mark all read, settings. */
import { SettingOutlined } from '@ant-design/icons';
import { Button, Drawer, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMarkRead } from './api';
import { NotificationList } from './NotificationList';

export default function NotificationDrawer({ open, unread, setOpen }: { open: boolean; unread: number; setOpen: (open: boolean) => void }) {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(true);
  const mark = useMarkRead();
  return (
    <Drawer
      open={open}
      onClose={() => setOpen(false)}
      title={t('notifications.title')}
      size={420}
      extra={
        <Space>
          <Button size="small" disabled={!unread} loading={mark.isPending} onClick={() => mark.mutate({ all: true })}>{t('notifications.markAllRead')}</Button>
          <Link to="/notifications/settings" onClick={() => setOpen(false)}>
            <Button size="small" type="text" icon={<SettingOutlined />} aria-label={t('notifications.prefsTitle')} />
          </Link>
        </Space>
      }
    >
      <Segmented
        block
        value={unreadOnly ? 'unread' : 'all'}
        onChange={(v) => setUnreadOnly(v === 'unread')}
        options={[
          { value: 'unread', label: t('notifications.unreadTab', { count: unread }) },
          { value: 'all', label: t('notifications.allTab') },
        ]}
        className="notification-tabs"
      />
      <NotificationList unreadOnly={unreadOnly} onOpen={() => setOpen(false)} />
      <Typography.Paragraph type="secondary" className="small notification-foot">
        <Link to="/notifications" onClick={() => setOpen(false)}>{t('notifications.viewAll')}</Link>
      </Typography.Paragraph>
    </Drawer>
  );
}
