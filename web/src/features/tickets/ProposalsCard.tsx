/**
 * Problems the platform proposes from daily reports (the same blocker two days running). Nothing
 * is filed until the enterprise (or its commissioner) confirms; a proposal that needs no ticket
 * can be dismissed (after a confirmation), and stays away while the blocker keeps being reported.
 */
import { BulbOutlined } from '@ant-design/icons';
import { Alert, App, Button, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { newIdempotencyKey } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { can, useSession } from '../../lib/session';
import { useConfirmProposal, useDismissProposal, useProposals, type Proposal } from './api';
import { PriorityTag } from '../../lib/ticket-tags';
import { ListItemMeta } from '../../lib/ui';

export function ProposalsCard({ showEnterprise }: { showEnterprise: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const proposals = useProposals();
  const confirm = useConfirmProposal();
  const dismiss = useDismissProposal();
  const session = useSession();
  const mayDismiss = can(session, 'ticket.dismiss_proposal');
  const keys = useRef(new Map<string, string>());
  const items = proposals.data?.pages.flatMap((p) => p.items) ?? [];
  if (!items.length) return null;
  /** One Idempotency-Key per proposal and action, so a retried click files or dismisses once. */
  const keyOf = (p: Proposal, action: 'confirm' | 'dismiss' = 'confirm') => {
    const k = `${action}:${p.enterprise.id}:${p.category}`;
    if (!keys.current.has(k)) keys.current.set(k, newIdempotencyKey());
    return keys.current.get(k)!;
  };
  const isThis = (v: { body: { enterpriseId: number; category: string } } | undefined, p: Proposal) => v?.body.enterpriseId === p.enterprise.id && v.body.category === p.category;
  return (
    <Alert
      className="proposals"
      type="info"
      showIcon
      icon={<BulbOutlined />}
      title={t(proposals.hasNextPage ? 'tickets.proposals.titleMore' : 'tickets.proposals.title', { count: items.length })}
      description={
        <List<Proposal>
          size="small"
          dataSource={items}
          loadMore={
            proposals.hasNextPage ? (
              <div style={{ textAlign: 'center', marginTop: 8 }}>
                <Button size="small" onClick={() => void proposals.fetchNextPage()} loading={proposals.isFetchingNextPage} data-testid="proposals-more">
                  {t('tickets.proposals.loadMore')}
                </Button>
              </div>
            ) : null
          }
          renderItem={(p) => (
            <List.Item
              data-testid="proposal"
              actions={[
                <Button
                  key="confirm"
                  type="primary"
                  size="small"
                  loading={confirm.isPending && isThis(confirm.variables, p)}
                  onClick={() =>
                    confirm.mutate(
                      { body: { enterpriseId: p.enterprise.id, category: p.category }, idempotencyKey: keyOf(p) },
                      {
                        onSuccess: (ticket) => {
                          message.success(t('tickets.form.created', { id: ticket.id }));
                          navigate(`/problems/${ticket.id}`);
                        },
                        onError: (err) => message.error(errorMessage(t, err)),
                      },
                    )
                  }
                >
                  {t('tickets.proposals.confirm')}
                </Button>,
                ...(mayDismiss
                  ? [
                      <Popconfirm
                        key="dismiss"
                        title={t('tickets.proposals.dismissTitle')}
                        description={t('tickets.proposals.dismissHelp')}
                        okText={t('tickets.proposals.dismiss')}
                        cancelText={t('common.cancel')}
                        onConfirm={() =>
                          dismiss.mutate(
                            { body: { enterpriseId: p.enterprise.id, category: p.category }, idempotencyKey: keyOf(p, 'dismiss') },
                            {
                              onSuccess: () => {
                                // A later run of the same blocker is a new proposal: a new key.
                                keys.current.delete(`dismiss:${p.enterprise.id}:${p.category}`);
                                message.success(t('tickets.proposals.dismissed'));
                              },
                              onError: (err) => message.error(errorMessage(t, err)),
                            },
                          )
                        }
                      >
                        <Button size="small" data-testid="proposal-dismiss" loading={dismiss.isPending && isThis(dismiss.variables, p)}>
                          {t('tickets.proposals.dismiss')}
                        </Button>
                      </Popconfirm>,
                    ]
                  : []),
              ]}
            >
              <ListItemMeta
                title={
                  <Space wrap size={4}>
                    <span>{p.suggestedTitle}</span>
                    <PriorityTag priority={p.suggestedPriority} />
                    {showEnterprise ? <Tag>{p.enterprise.name}</Tag> : null}
                  </Space>
                }
                description={
                  <Typography.Text type="secondary" className="small">
                    {t('tickets.proposals.why', { category: t(`common.blockers.${p.category}`), dates: p.dates.join(t('tickets.proposals.and')) })}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      }
    />
  );
}
