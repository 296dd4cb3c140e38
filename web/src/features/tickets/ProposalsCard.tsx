/**
 * Problems the platform proposes from daily reports (the same blocker two days running). Nothing
 * is filed until the enterprise (or its commissioner) confirms.
 */
import { BulbOutlined } from '@ant-design/icons';
import { Alert, App, Button, List, Space, Tag, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { newIdempotencyKey } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { useConfirmProposal, useProposals, type Proposal } from './api';
import { PriorityTag } from './labels';

export function ProposalsCard({ showEnterprise }: { showEnterprise: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const proposals = useProposals();
  const confirm = useConfirmProposal();
  const keys = useRef(new Map<string, string>());
  if (!proposals.data?.length) return null;
  const keyOf = (p: Proposal) => {
    const k = `${p.enterprise.id}:${p.category}`;
    if (!keys.current.has(k)) keys.current.set(k, newIdempotencyKey());
    return keys.current.get(k)!;
  };
  return (
    <Alert
      className="proposals"
      type="info"
      showIcon
      icon={<BulbOutlined />}
      title={t('tickets.proposals.title', { count: proposals.data.length })}
      description={
        <List<Proposal>
          size="small"
          dataSource={proposals.data}
          renderItem={(p) => (
            <List.Item
              data-testid="proposal"
              actions={[
                <Button
                  key="confirm"
                  type="primary"
                  size="small"
                  loading={confirm.isPending && confirm.variables?.body.category === p.category && confirm.variables.body.enterpriseId === p.enterprise.id}
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
              ]}
            >
              <List.Item.Meta
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
