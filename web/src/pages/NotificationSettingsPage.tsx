/** Which events reach me, in the app and as an @-mention by the group robot. */
import { App, Button, Card, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePrefs, usePutPrefs, type Pref } from '../features/notifications/api';
import { NOTIFICATION_KINDS } from '../features/notifications/kinds';
import '../features/notifications/notifications.css';
import { errorMessage } from '../lib/errors';
import { ErrorState, PageHeader, PageLoading } from '../lib/ui';

type Kind = (typeof NOTIFICATION_KINDS)[number];

export default function NotificationSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const prefs = usePrefs();
  const put = usePutPrefs();
  const [draft, setDraft] = useState<Pref[]>([]);
  useEffect(() => {
    if (prefs.data) setDraft(prefs.data.prefs);
  }, [prefs.data]);
  if (prefs.isPending) return <PageLoading />;
  if (prefs.error) return <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />;
  const value = (kind: Kind, channel: Pref['channel']) => draft.find((p) => p.kind === kind && p.channel === channel)?.enabled ?? true;
  const toggle = (kind: Kind, channel: Pref['channel'], enabled: boolean) =>
    setDraft((d) => [...d.filter((p) => !(p.kind === kind && p.channel === channel)), { kind, channel, enabled }]);
  const changed = JSON.stringify([...draft].sort((a, b) => `${a.kind}${a.channel}`.localeCompare(`${b.kind}${b.channel}`))) !==
    JSON.stringify([...prefs.data.prefs].sort((a, b) => `${a.kind}${a.channel}`.localeCompare(`${b.kind}${b.channel}`)));
  return (
    <>
      <PageHeader
        title={t('notifications.prefsTitle')}
        subtitle={t('notifications.prefsSubtitle')}
        extra={
          <Button
            type="primary"
            disabled={!changed}
            loading={put.isPending}
            onClick={() => put.mutate({ prefs: draft }, { onSuccess: () => message.success(t('notifications.prefsSaved')), onError: (err) => message.error(errorMessage(t, err)) })}
          >
            {t('common.save')}
          </Button>
        }
      />
      <Card>
        <Table<{ kind: Kind }>
          className="prefs-table"
          rowKey="kind"
          pagination={false}
          dataSource={NOTIFICATION_KINDS.map((kind) => ({ kind }))}
          scroll={{ x: 560 }}
          columns={[
            { key: 'kind', title: t('notifications.prefsEvent'), render: (_, r) => t(`notifications.kinds.${r.kind.replace('.', '_')}`) },
            ...(['in_app', 'webhook'] as const).map((channel) => ({
              key: channel,
              title: t(channel === 'in_app' ? 'notifications.prefsInApp' : 'notifications.prefsWebhook'),
              width: 180,
              align: 'center' as const,
              render: (_: unknown, r: { kind: Kind }) => (
                <Switch
                  checked={value(r.kind, channel)}
                  onChange={(on) => toggle(r.kind, channel, on)}
                  aria-label={`${t(`notifications.kinds.${r.kind.replace('.', '_')}`)} · ${t(channel === 'in_app' ? 'notifications.prefsInApp' : 'notifications.prefsWebhook')}`}
                />
              ),
            })),
          ]}
        />
        <Typography.Paragraph type="secondary" className="small" style={{ marginTop: 12 }}>{t('notifications.prefsHelp')}</Typography.Paragraph>
      </Card>
    </>
  );
}
