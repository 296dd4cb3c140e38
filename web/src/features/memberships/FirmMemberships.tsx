/**
 * The firm's side: join requests to answer, and the alliances it belongs to — with its choice to
 * share the reports from before the join, and leaving (after a confirmation).
 */
import { CheckOutlined, CloseOutlined, LogoutOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Popconfirm, Space, Switch, Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { EmptyState, ErrorState } from '../../lib/ui';
import { useAnswerRequest, useFirmMemberships, useFirmRequests, useLeaveAlliance, useShareHistory, type JoinRequest, type Memberships } from './api';

export function FirmRequests() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const requests = useFirmRequests('pending');
  const answer = useAnswerRequest();
  const decide = (r: JoinRequest, decision: 'accept' | 'refuse') =>
    answer.mutate(
      { id: r.id, decision },
      {
        onSuccess: () => message.success(decision === 'accept' ? t('memberships.requests.accepted', { alliance: r.alliance.name }) : t('memberships.requests.refused')),
        onError: (err) => message.error(errorMessage(t, err)),
      },
    );
  if (requests.error) return <ErrorState error={requests.error} onRetry={() => void requests.refetch()} />;
  return (
    <Card title={t('memberships.requests.title')}>
      <List<JoinRequest>
        loading={requests.isPending}
        dataSource={requests.data?.items ?? []}
        locale={{ emptyText: <EmptyState description={t('memberships.requests.empty')} /> }}
        renderItem={(r) => (
          <List.Item
            data-testid="join-request"
            actions={[
              <Button key="accept" type="primary" icon={<CheckOutlined />} loading={answer.isPending && answer.variables?.id === r.id} onClick={() => decide(r, 'accept')} data-testid="join-accept">
                {t('memberships.requests.accept')}
              </Button>,
              <Popconfirm key="refuse" title={t('memberships.requests.refuseConfirm', { alliance: r.alliance.name })} onConfirm={() => decide(r, 'refuse')}>
                <Button icon={<CloseOutlined />} data-testid="join-refuse">{t('memberships.requests.refuse')}</Button>
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={t('memberships.requests.text', { alliance: r.alliance.name, enterprise: r.enterprise.name })}
              description={
                <Space size="middle" wrap>
                  <span>{formatDateTime(r.requestedAt)}</span>
                  {r.requestedBy ? <span>{t('memberships.requests.requestedBy', { name: r.requestedBy })}</span> : null}
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

type Row = Memberships['items'][number];

export function FirmMemberships({ enterpriseId }: { enterpriseId: number }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const memberships = useFirmMemberships(enterpriseId);
  const share = useShareHistory(enterpriseId);
  const leave = useLeaveAlliance(enterpriseId);
  if (memberships.error) return <ErrorState error={memberships.error} onRetry={() => void memberships.refetch()} />;
  const confirmLeave = (r: Row) =>
    modal.confirm({
      title: t('memberships.firm.leaveConfirmTitle', { alliance: r.alliance.name }),
      content: t('memberships.firm.leaveConfirm'),
      okText: t('memberships.firm.leave'),
      okButtonProps: { danger: true },
      onOk: () =>
        leave.mutateAsync({ allianceId: r.alliance.id, version: r.version }).then(
          () => void message.success(t('memberships.firm.left', { alliance: r.alliance.name })),
          (err: unknown) => void message.error(errorMessage(t, err)),
        ),
    });
  return (
    <Card title={t('memberships.firm.title', { name: memberships.data?.enterprise.name ?? '' })}>
      <Table<Row>
        rowKey={(r) => r.alliance.id}
        loading={memberships.isPending}
        dataSource={memberships.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('memberships.firm.empty') }}
        columns={[
          { title: t('memberships.firm.alliance'), key: 'a', render: (_, r) => r.alliance.name },
          { title: t('memberships.firm.joinedAt'), key: 'j', render: (_, r) => formatDateTime(r.joinedAt) },
          {
            title: <Tooltip title={t('memberships.firm.historyHelp')}>{t('memberships.firm.history')}</Tooltip>,
            key: 'h',
            render: (_, r) =>
              r.registeredHere ? (
                <Typography.Text type="secondary">{t('memberships.firm.registered')}</Typography.Text>
              ) : (
                <Space>
                  <Switch
                    checked={r.shareHistory}
                    loading={share.isPending && share.variables?.allianceId === r.alliance.id}
                    aria-label={`${t('memberships.firm.history')} · ${r.alliance.name}`}
                    onChange={(on) =>
                      share.mutate(
                        { allianceId: r.alliance.id, shareHistory: on, version: r.version },
                        { onSuccess: () => void message.success(t('memberships.firm.saved')), onError: (err) => void message.error(errorMessage(t, err)) },
                      )
                    }
                  />
                  <Typography.Text type="secondary">{r.reportsFrom ? t('memberships.firm.notShared', { date: r.reportsFrom }) : t('memberships.firm.shared')}</Typography.Text>
                </Space>
              ),
          },
          {
            title: '',
            key: 'x',
            align: 'right',
            render: (_, r) => <Button danger icon={<LogoutOutlined />} onClick={() => confirmLeave(r)}>{t('memberships.firm.leave')}</Button>,
          },
        ]}
      />
    </Card>
  );
}
