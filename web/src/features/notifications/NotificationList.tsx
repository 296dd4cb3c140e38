/** My notifications as a list: opening one marks it read and goes to what it is about. */
import { CheckOutlined } from '@ant-design/icons';
import { Badge, Button, List } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { EmptyState, ErrorState } from '../../lib/ui';
import { useMarkRead, useNotifications, type Notification } from './api';
import { notificationLink, notificationText } from './text';
import './notifications.css';

export function NotificationList({ unreadOnly, onOpen }: { unreadOnly: boolean; onOpen?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useNotifications(unreadOnly);
  const mark = useMarkRead();
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <List<Notification>
      loading={list.isPending}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: <EmptyState description={t(unreadOnly ? 'notifications.noneUnread' : 'notifications.none')} /> }}
      renderItem={(n) => {
        const link = notificationLink(n);
        return (
          <List.Item
            className={`notification-item${n.readAt ? '' : ' unread'}`}
            data-testid="notification-item"
            actions={
              n.readAt
                ? undefined
                : [<Button key="read" type="text" size="small" icon={<CheckOutlined />} aria-label={t('notifications.markRead')} title={t('notifications.markRead')} onClick={() => mark.mutate({ ids: [n.id] })} />]
            }
          >
            <button
              type="button"
              className="notification-open"
              onClick={() => {
                if (!n.readAt) mark.mutate({ ids: [n.id] });
                if (link) {
                  navigate(link);
                  onOpen?.();
                }
              }}
            >
              {n.readAt ? null : <Badge status="processing" className="notification-dot" />}
              <span className="notification-text">{notificationText(t, n)}</span>
              <span className="notification-time">{formatDateTime(n.createdAt)}</span>
            </button>
          </List.Item>
        );
      }}
    />
  );
}
