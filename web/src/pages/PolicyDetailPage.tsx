/** One policy: its benefit and text, its rules in words, the qualifying members and why, Q&A, applications. */
import { Card, Col, Descriptions, Row, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePolicy, usePolicyMatches, type Matches } from '../features/policies/api';
import { ApplicationsBoard, NewApplicationButton, NewApplicationDrawer } from '../features/policies/Applications';
import { isPolicyManager } from '../features/policies/manager';
import { OutcomeList, ruleText } from '../features/policies/Outcomes';
import { QuestionThread } from '../features/policies/Questions';
import { departmentName } from '../lib/departments';
import { formatYuan } from '../lib/format';
import { can, useSession } from '../lib/session';
import { EmptyState, ErrorState, PageHeader, PageLoading } from '../lib/ui';
import '../features/policies/policies.css';

type MatchItem = Matches['items'][number];

function MatchesCard({ policyId }: { policyId: number }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const matches = usePolicyMatches(policyId, all);
  return (
    <Card
      title={t('policies.detail.matchesTitle')}
      className="section"
      data-testid="policy-matches"
      extra={<label className="switch-label"><Switch size="small" checked={all} onChange={setAll} /> {t('policies.detail.showAll')}</label>}
    >
      {matches.error ? (
        <ErrorState error={matches.error} onRetry={() => void matches.refetch()} />
      ) : (
        <>
          {matches.data ? <p data-testid="match-summary">{t('policies.detail.matchesSummary', { eligible: matches.data.eligible, members: matches.data.members })}</p> : null}
          <Table<MatchItem>
            rowKey={(m) => m.enterprise.id}
            loading={matches.isFetching}
            dataSource={matches.data?.items}
            locale={{ emptyText: <EmptyState description={t('policies.detail.noMatches')} /> }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { key: 'enterprise', title: t('policies.applications.fields.enterprise'), render: (_, m) => <Link to={`/members/${m.enterprise.id}`}>{m.enterprise.name}</Link> },
              { key: 'eligible', title: t('policies.applications.fields.status'), render: (_, m) => <Tag color={m.eligible ? 'green' : 'default'}>{t(m.eligible ? 'policies.detail.eligible' : 'policies.detail.notEligible')}</Tag> },
              { key: 'reasons', title: t('policies.detail.reasons'), render: (_, m) => <OutcomeList outcomes={m.outcomes} /> },
            ]}
          />
        </>
      )}
    </Card>
  );
}

export default function PolicyDetailPage() {
  const { t } = useTranslation();
  const session = useSession();
  const id = Number(useParams().id);
  const policy = usePolicy(id);
  const [appFilters, setAppFilters] = useState<{ page?: number; pageSize?: number; status?: 'preparing' }>({});
  const [creating, setCreating] = useState(false);
  const manager = isPolicyManager(session);
  if (policy.isPending) return <PageLoading />;
  if (policy.error) return <ErrorState error={policy.error} onRetry={() => void policy.refetch()} />;
  const p = policy.data;
  return (
    <>
      <PageHeader title={p.title} subtitle={<Link to="/policies">{t('policies.detail.back')}</Link>} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('policies.detail.benefit')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('policies.fields.department')}>{p.department ? departmentName(p.department) : t('policies.noDepartment')}</Descriptions.Item>
              <Descriptions.Item label={t('policies.fields.issuedOn')}>{p.issuedOn}</Descriptions.Item>
              <Descriptions.Item label={t('policies.detail.period')}>{p.validFrom} – {p.validTo ?? t('policies.openEnded')}</Descriptions.Item>
              <Descriptions.Item label={t('policies.fields.benefitKind')}>{t(`policies.benefitKinds.${p.benefitKind}`)}</Descriptions.Item>
              {p.benefitAmountFen !== null ? <Descriptions.Item label={t('policies.fields.benefitAmount')}>{formatYuan(p.benefitAmountFen)}</Descriptions.Item> : null}
              {p.benefitFormula ? <Descriptions.Item label={t('policies.fields.benefitFormula')}>{p.benefitFormula}</Descriptions.Item> : null}
            </Descriptions>
            {p.summary ? <Typography.Paragraph>{p.summary}</Typography.Paragraph> : null}
            {p.fullText ? <Typography.Paragraph className="policy-text" ellipsis={{ rows: 6, expandable: true }}>{p.fullText}</Typography.Paragraph> : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('policies.fields.rules')} data-testid="policy-rules">
            {p.rules.length ? <ol className="policy-rule-list">{p.rules.map((r, i) => <li key={i}>{ruleText(t, r)}</li>)}</ol> : <p className="muted">{t('policies.rules.none')}</p>}
          </Card>
        </Col>
      </Row>
      {can(session, 'policy.match') ? <MatchesCard policyId={id} /> : null}
      <Card title={t('policies.questions.title')} className="section">
        <p className="muted">{t('policies.questions.subtitle')}</p>
        <QuestionThread policyId={id} canAsk={can(session, 'policy.ask')} canAnswer={can(session, 'policy.answer') && manager} />
      </Card>
      {can(session, 'policy.applications') ? (
        <Card title={t('policies.applications.title')} className="section" extra={manager && can(session, 'policy.fulfil') ? <NewApplicationButton onClick={() => setCreating(true)} /> : null}>
          <ApplicationsBoard filters={{ ...appFilters, policyId: id }} setFilters={(f) => setAppFilters((o) => ({ ...o, ...(f as object) }))} manage={manager && can(session, 'policy.fulfil')} showPolicy={false} />
        </Card>
      ) : null}
      {manager ? <NewApplicationDrawer open={creating} onClose={() => setCreating(false)} policyId={id} /> : null}
    </>
  );
}
