/**
 * Risk proposals (风险建议): blockers many members name at once in their current reports, each
 * with the firms behind it (drill-down) and, for those who manage risks, one action that
 * registers the prefilled risk.
 */
import { App, Button, Card, Collapse, InputNumber, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { EmptyState, ErrorState, PageLoading } from '../../lib/ui';
import { useAcceptProposal, useRiskProposals, type Proposal } from './api';
import { LevelTag } from './LevelTag';

function Firms({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  return (
    <ul className="risk-proposal-firms">
      {proposal.firms.map((f) => (
        <li key={f.id}>
          <span>{f.name}</span>{' '}
          <Typography.Text type="secondary" className="small">
            {f.note ? t('risks.proposals.firmNote', { date: f.reportDate, note: f.note }) : f.reportDate}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

export function ProposalsCard({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [minFirms, setMinFirms] = useState<number | undefined>();
  const proposals = useRiskProposals(minFirms);
  const accept = useAcceptProposal();
  const data = proposals.data;
  const onAccept = (p: Proposal) =>
    accept.mutate(
      { body: { blocker: p.blocker, minFirms: data?.minFirms }, idempotencyKey: newIdempotencyKey() },
      { onSuccess: (r) => message.success(t('risks.proposals.accepted', { title: r.title })), onError: (err) => message.error(errorMessage(t, err)) },
    );
  return (
    <Card
      title={t('risks.proposals.title')}
      className="section"
      data-testid="risk-proposals"
    >
      {data ? (
        <div className="risk-proposal-rule">
          <label htmlFor="risk-proposal-min">{t('risks.proposals.minFirms')}</label>
          <InputNumber id="risk-proposal-min" size="small" min={1} max={100000} precision={0} value={data.minFirms} onChange={(v) => setMinFirms(typeof v === 'number' && v >= 1 ? v : undefined)} />
          <Typography.Text type="secondary" className="small">{t('risks.proposals.rule', { reporters: data.reporters, since: data.since })}</Typography.Text>
        </div>
      ) : null}
      {proposals.isPending ? (
        <PageLoading rows={3} />
      ) : proposals.error ? (
        <ErrorState error={proposals.error} onRetry={() => void proposals.refetch()} />
      ) : !data!.items.length ? (
        <EmptyState description={t('risks.proposals.none')} />
      ) : (
        <List<Proposal>
          dataSource={data!.items}
          renderItem={(p) => (
            <List.Item
              key={p.blocker}
              data-testid={`risk-proposal-${p.blocker}`}
              actions={manage ? [<Button key="accept" type="primary" size="small" loading={accept.isPending && accept.variables?.body.blocker === p.blocker} onClick={() => onAccept(p)}>{t('risks.proposals.accept')}<span className="sr-only">{t('risks.proposals.acceptWhat', { title: p.suggested.title })}</span></Button>] : []}
            >
              <div className="risk-proposal">
                <div className="risk-proposal-head">
                  <Tag color="volcano">{t(`common.blockers.${p.blocker}`)}</Tag>
                  <Typography.Text strong>{p.suggested.title}</Typography.Text>
                  <LevelTag score={p.suggested.likelihood * p.suggested.impact} />
                  <Typography.Text type="secondary" className="small">{t('risks.proposals.share', { count: p.count, pct: p.sharePct, category: t(`risks.categories.${p.category}`) })}</Typography.Text>
                </div>
                <Collapse size="small" ghost items={[{ key: 'firms', label: t('risks.proposals.firms', { count: p.count }), children: <Firms proposal={p} /> }]} />
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
