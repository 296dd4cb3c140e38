/** Matching proposals with their explanations: staff review them, each firm accepts (possibly fewer workers) or declines. */
import { Button, InputNumber, Popconfirm, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../lib/money';
import { EmptyState, ErrorState } from '../../lib/ui';
import { answerProposal, reviewProposal, useJobTypeName, useProposals, useWorkforceAction, type Proposal } from './api';

const STATUS_COLORS: Record<Proposal['status'], string> = { pending_review: 'gold', approved: 'blue', accepted: 'green', rejected: 'red', declined: 'red', superseded: 'default' };

function Explanation({ p }: { p: Proposal }) {
  const { t } = useTranslation();
  const jobName = useJobTypeName();
  const e = p.explanation;
  const lines = [
    `${jobName(e.jobType)} · ${t('workforce.proposals.explanation', { days: e.days, start: e.overlapStart, end: e.overlapEnd, from: e.fromDistrict, to: e.toDistrict, km: e.travelKm })}`,
    e.matchedSkills.length ? t('workforce.proposals.skillsOk', { skills: e.matchedSkills.join(', ') }) : null,
    e.missingSkills.length ? t('workforce.proposals.skillsMissing', { skills: e.missingSkills.join(', ') }) : null,
    e.wageShortfallFen > 0 ? t('workforce.proposals.wageShortfall', { amount: formatFen(e.wageShortfallFen) }) : null,
    e.transportGap ? t('workforce.proposals.transportGap') : null,
    e.housingGap ? t('workforce.proposals.housingGap') : null,
    t('workforce.proposals.urgency', { level: e.urgency, cost: e.unitCost }),
    ...e.ruleNotes.map((r) => t('workforce.proposals.rule', { rule: r })),
  ].filter((l): l is string => l !== null);
  return (
    <ul className="small" style={{ margin: 0, paddingInlineStart: 18 }} data-testid={`explanation-${p.id}`}>
      {lines.map((l) => <li key={l}>{l}</li>)}
    </ul>
  );
}

/** A firm's answer: how many workers it accepts (default all), accept or decline. */
function Answer({ p, enterpriseId }: { p: Proposal; enterpriseId: number }) {
  const { t } = useTranslation();
  const [count, setCount] = useState<number>(p.headcount);
  const answer = useWorkforceAction(answerProposal);
  const go = (decision: 'accept' | 'decline') =>
    answer.mutate({ id: p.id, version: p.version, enterpriseId, decision, headcount: decision === 'accept' ? count : undefined }, { onError: (e) => void message.error(e.message) });
  return (
    <Space size={4} wrap>
      <InputNumber size="small" min={1} max={p.headcount} precision={0} value={count} onChange={(v) => setCount(v ?? p.headcount)} aria-label={t('workforce.proposals.acceptCount')} style={{ width: 70 }} data-testid={`accept-count-${p.id}`} />
      <Button size="small" type="primary" loading={answer.isPending} onClick={() => go('accept')} data-testid={`accept-${p.id}`}>{t('workforce.proposals.accept')}</Button>
      <Popconfirm title={t('workforce.proposals.decline')} onConfirm={() => go('decline')}>
        <Button size="small" danger>{t('workforce.proposals.decline')}</Button>
      </Popconfirm>
    </Space>
  );
}

export function ProposalsList({ canReview, canAnswer, myFirms }: { canReview: boolean; canAnswer: boolean; myFirms: number[] }) {
  const { t } = useTranslation();
  const q = useProposals();
  const review = useWorkforceAction(reviewProposal);
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const side = (p: Proposal) => (myFirms.includes(p.lender.id) && p.lenderHeadcount === null ? p.lender.id : myFirms.includes(p.borrower.id) && p.borrowerHeadcount === null ? p.borrower.id : null);
  return (
    <Table<Proposal>
      rowKey="id"
      size="middle"
      loading={q.isFetching}
      dataSource={q.data?.items ?? []}
      locale={{ emptyText: <EmptyState description={t('workforce.proposals.empty')} /> }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 1000 }}
      data-testid="proposals-table"
      columns={[
        { key: 'id', title: '#', width: 60, render: (_, r) => r.id },
        { key: 'lender', title: t('workforce.proposals.lender'), render: (_, r) => r.lender.name },
        { key: 'borrower', title: t('workforce.proposals.borrower'), render: (_, r) => r.borrower.name },
        { key: 'headcount', title: t('workforce.proposals.headcount'), align: 'right', width: 80, render: (_, r) => r.acceptedHeadcount ?? r.headcount },
        { key: 'why', title: t('workforce.proposals.why'), render: (_, r) => <Explanation p={r} /> },
        {
          key: 'answers', title: t('workforce.proposals.answers'), width: 130,
          render: (_, r) => (
            <Typography.Text className="small">
              {t('workforce.proposals.answered', { lender: r.lenderHeadcount ?? t('workforce.proposals.waiting'), borrower: r.borrowerHeadcount ?? t('workforce.proposals.waiting') })}
            </Typography.Text>
          ),
        },
        { key: 'status', title: t('workforce.postings.status'), width: 120, render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{t(`workforce.proposalStatus.${r.status}`)}</Tag> },
        {
          key: 'actions', title: t('workforce.postings.actions'), width: 240,
          render: (_, r) => {
            if (r.status === 'pending_review' && canReview) {
              return (
                <Space size={4}>
                  <Button size="small" type="primary" loading={review.isPending} onClick={() => review.mutate({ id: r.id, version: r.version, decision: 'approve' }, { onError: (e) => void message.error(e.message) })} data-testid={`approve-${r.id}`}>{t('workforce.proposals.approve')}</Button>
                  <Button size="small" danger onClick={() => review.mutate({ id: r.id, version: r.version, decision: 'reject' }, { onError: (e) => void message.error(e.message) })}>{t('workforce.proposals.reject')}</Button>
                </Space>
              );
            }
            const mine = r.status === 'approved' && canAnswer ? side(r) : null;
            return mine !== null ? <Answer p={r} enterpriseId={mine} /> : null;
          },
        },
      ]}
    />
  );
}
