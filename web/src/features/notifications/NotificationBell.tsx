/**
 * The bell in the header: the unread count (live from the event stream), and a drawer with my
 * latest notifications — opening one marks it read and goes to what it is about.
 */
import { BellOutlined, CheckOutlined, SettingOutlined } from '@ant-design/icons';
import { App, Badge, Button, Drawer, List, Segmented, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { EmptyState, ErrorState } from '../../lib/ui';
import { useMarkRead, useNotifications, useNotificationStream, useUnreadCount, type Notification } from './api';
import './notifications.css';

/** The sentence of a notification, from its kind and payload, in the UI language. */
export function notificationText(t: TFunction, n: Notification): string {
  const p = n.payload;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const params: Record<string, unknown> = {
    ...p,
    title: str(p.title),
    enterprise: str(p.enterprise) || t('notifications.theAlliance'),
    group: typeof p.group === 'string' ? t(`common.workingGroups.${p.group}`) : t('tickets.list.unassigned'),
    to: typeof p.to === 'string' ? t(`tickets.status.${p.to}`) : '',
    from: typeof p.from === 'string' ? t(`tickets.status.${p.from}`) : '',
    who: str(p.user) || (typeof p.group === 'string' ? t(`common.workingGroups.${p.group}`) : ''),
    excerpt: str(p.excerpt),
    level: typeof p.level === 'number' ? p.level : 1,
    when: typeof p.scheduledAt === 'string' ? formatDateTime(p.scheduledAt) : '',
    dueDate: str(p.dueDate),
    reason: str(p.reason),
    alliance: str(p.alliance),
    decision: p.decision === 'accepted' || p.decision === 'refused' ? t(`notifications.decisions.${p.decision}`) : '',
  };
  return t(`notifications.text.${n.kind.replace('.', '_')}`, params);
}

export function notificationLink(n: Notification): string | null {
  if (typeof n.payload.consultationId === 'number') return `/consultations/${n.payload.consultationId}`;
  if (typeof n.payload.ticketId === 'number') return `/problems/${n.payload.ticketId}`;
  if (typeof n.payload.meetingId === 'number') return `/meetings/${n.payload.meetingId}`;
  // A join request: the firm answers on its memberships page; the asking alliance follows it from the members list.
  if (n.kind === 'membership.requested') return '/memberships';
  if (n.kind === 'membership.answered') return '/members?joinRequests=1';
  return null;
}

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

export function NotificationBell() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(true);
  const count = useUnreadCount();
  const mark = useMarkRead();
  useNotificationStream((n) => {
    if (!open) notification.info({ title: t('notifications.new'), description: notificationText(t, n), placement: 'bottomRight', duration: 4 });
  });
  const unread = count.data ?? 0;
  return (
    <>
      <Button
        type="text"
        className="bell-button"
        onClick={() => setOpen(true)}
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
    </>
  );
}
