/**
 * The bell in the header: the unread count (live from the event stream), and a drawer with my
 * latest notifications — opening one marks it read and goes to what it is about.
 */
import { BellOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { page, withStrings } from '../../lib/i18n';
import { useNotificationStream, useUnreadCount } from './api';
import './notifications.css';

// What a notification says (with the notifications and tickets strings: problem statuses, working
// groups) downloads with the first one shown, not with every page; the bell's own name is a shell
// string (layout).
const loadText = withStrings(() => import('./text'), ['notifications', 'tickets']);
const NotificationDrawer = page(() => import('./NotificationDrawer'), ['notifications', 'tickets']);

export function NotificationBell() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  const count = useUnreadCount();
  useNotificationStream((n) => {
    if (!open) void loadText().then(({ notificationToast }) => notification.info({ ...notificationToast(t, n), placement: 'bottomRight', duration: 4 }));
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
        {/* The name is this text, not an aria-label: the badge's digits are visible text that no
            label can match (axe label-content-name-mismatch). */}
        <span className="sr-only">{t('layout.notificationsBell', { count: unread })}</span>
        {/* A plain count, not Ant Design's Badge (its code would come with every page). */}
        <span className="bell-badge" aria-hidden="true">
          <BellOutlined className="bell-icon" />
          {unread > 0 ? <sup className="bell-count">{unread > 99 ? '99+' : unread}</sup> : null}
        </span>
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
