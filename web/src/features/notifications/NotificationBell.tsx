/**
 * The bell in the header: the unread count (live from the event stream), and a drawer with my
 * latest notifications — opening one marks it read and goes to what it is about.
 */
import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotificationStream, useUnreadCount } from './api';
import { notificationText } from './text';
import './notifications.css';

export { notificationLink, notificationText } from './text';

const NotificationDrawer = lazy(() => import('./NotificationDrawer'));

export function NotificationBell() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  const count = useUnreadCount();
  useNotificationStream((n) => {
    if (!open) notification.info({ title: t('notifications.new'), description: notificationText(t, n), placement: 'bottomRight', duration: 4 });
  });
  const unread = count.data ?? 0;
  return (
    <>
      <Button
        type="text"
        className="bell-button"
        onClick={() => {
          setOpen(true);
          setOpened(true);
        }}
        data-testid="notification-bell"
        data-count={unread}
      >
        {/* The name is this text, not an aria-label: the badge's animated digits are visible text that no
            label can match while they scroll (axe label-content-name-mismatch). */}
        <span className="sr-only">{t('notifications.bell', { count: unread })}</span>
        <Badge count={unread} size="small" overflowCount={99} offset={[2, -2]} aria-hidden>
          <BellOutlined className="bell-icon" />
        </Badge>
      </Button>
      {/* The drawer (its list, pagination and tabs) loads when first opened, not with every page. */}
      {opened ? (
        <Suspense fallback={null}>
          <NotificationDrawer open={open} unread={unread} setOpen={setOpen} />
        </Suspense>
      ) : null}
    </>
  );
}
