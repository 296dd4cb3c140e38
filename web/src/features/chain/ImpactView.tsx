/**
 * Critical firms (what the chain loses if a firm stops) and help priority (whom to restore
 * first, greedily), each with a plain-language sentence built from the numbers.
 */
import { Card, Col, List, Progress, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatInt } from '../../lib/format';
import { EmptyState } from '../../lib/ui';
import type { Analysis } from './api';
import { shareOfY } from './model';
import { FileProblemButton } from './FileProblem';

type Critical = Analysis['critical'][number];
type Priority = Analysis['priority'][number];

const fmtPct = (v: number) => (v >= 10 ? v.toFixed(0) : v >= 0.1 ? v.toFixed(1) : v.toFixed(2));

function FirmTags({ firms, mapLink, limit = 8 }: { firms: { id: number; name: string }[]; mapLink: (id: number) => string; limit?: number }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  if (!firms.length) return null;
  const shown = all ? firms : firms.slice(0, limit);
  return (
    <div className="firm-tags">
      {shown.map((f) => (
        <Tag key={f.id} variant="outlined"><Link to={mapLink(f.id)}>{f.name}</Link></Tag>
      ))}
      {firms.length > limit ? (
        <Typography.Link className="small" onClick={() => setAll((v) => !v)}>{all ? t('chain.impact.showLess') : t('chain.impact.showAll', { n: firms.length })}</Typography.Link>
      ) : null}
    </div>
  );
}

export function CriticalList({ analysis, mapLink, limit }: { analysis: Analysis; mapLink: (id: number) => string; limit?: number }) {
  const { t } = useTranslation();
  const rows = limit ? analysis.critical.slice(0, limit) : analysis.critical;
  const maxLoss = Math.max(1e-9, ...rows.map((c) => shareOfY(analysis, c.loss)));
  return (
    <List<Critical>
      dataSource={rows}
      data-testid="critical-list"
      locale={{ emptyText: <EmptyState description={t('chain.impact.noCritical')} /> }}
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small', align: 'center' } : false}
      renderItem={(c, i) => {
        const loss = shareOfY(analysis, c.loss);
        const args = { name: c.firm.name, pct: `${fmtPct(loss)}%`, n: c.broken.length, workers: formatInt(c.brokenHeadcount) };
        return (
          <List.Item className="rank-item" data-testid="critical-item" data-firm-id={c.firm.id} data-broken={c.broken.length}>
            <div className="rank-no" aria-hidden>{analysis.critical.indexOf(c) + 1 || i + 1}</div>
            <div className="rank-body">
              <div className="rank-head">
                <Link to={mapLink(c.firm.id)} className="rank-name">{c.firm.name}</Link>
                <span className="rank-figure loss">−{fmtPct(loss)}%</span>
              </div>
              <Progress percent={(loss / maxLoss) * 100} showInfo={false} size="small" strokeColor="#dc2626" aria-label={args.pct} />
              <Typography.Paragraph className="rank-sentence">
                {c.broken.length ? t('chain.impact.criticalSentence', args) : t('chain.impact.criticalSentenceNone', args)}
              </Typography.Paragraph>
              <FirmTags firms={c.broken} mapLink={mapLink} />
            </div>
          </List.Item>
        );
      }}
    />
  );
}

export function PriorityList({ analysis, mapLink, limit }: { analysis: Analysis; mapLink: (id: number) => string; limit?: number }) {
  const { t } = useTranslation();
  const rows = limit ? analysis.priority.slice(0, limit) : analysis.priority;
  const full = analysis.yFull * Math.max(1, analysis.Y.length);
  const maxGain = Math.max(1e-9, ...rows.map((p) => shareOfY(analysis, p.gain)));
  return (
    <List<Priority>
      dataSource={rows}
      data-testid="priority-list"
      locale={{ emptyText: <EmptyState description={t('chain.impact.noPriority')} /> }}
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small', align: 'center' } : false}
      renderItem={(p) => {
        const gain = shareOfY(analysis, p.gain);
        const args = { name: p.firm.name, pct: `${fmtPct(gain)}%`, n: p.restored.length, workers: formatInt(p.restoredHeadcount), cumulative: `${fmtPct(full > 0 ? (p.cumulativeY / full) * 100 : 0)}%` };
        return (
          <List.Item className="rank-item" data-testid="priority-item" data-firm-id={p.firm.id}>
            <div className="rank-no priority" aria-hidden>{analysis.priority.indexOf(p) + 1}</div>
            <div className="rank-body">
              <div className="rank-head">
                <Link to={mapLink(p.firm.id)} className="rank-name">{p.firm.name}</Link>
                <span className="rank-figure gain">+{fmtPct(gain)}%</span>
                {analysis.jobId ? <FileProblemButton analysis={analysis} from="priority" firmId={p.firm.id} root={p.firm} /> : null}
              </div>
              <Progress percent={(gain / maxGain) * 100} showInfo={false} size="small" strokeColor="#16a34a" aria-label={args.pct} />
              <Typography.Paragraph className="rank-sentence">
                {p.restored.length ? t('chain.impact.prioritySentence', args) : t('chain.impact.prioritySentenceNone', args)}{' '}
                <span className="muted">{t('chain.impact.cumulative', args)}</span>
              </Typography.Paragraph>
              <FirmTags firms={p.restored} mapLink={mapLink} />
            </div>
          </List.Item>
        );
      }}
    />
  );
}

export function ImpactView({ analysis, mapLink }: { analysis: Analysis; mapLink: (id: number) => string }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card title={t('chain.impact.criticalTitle')} data-testid="critical-card">
          <Typography.Paragraph type="secondary" className="small">{t('chain.impact.criticalHelp', { days: analysis.Y.length })}</Typography.Paragraph>
          <CriticalList analysis={analysis} mapLink={mapLink} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('chain.impact.priorityTitle')} data-testid="priority-card">
          <Typography.Paragraph type="secondary" className="small">{t('chain.impact.priorityHelp')}</Typography.Paragraph>
          <PriorityList analysis={analysis} mapLink={mapLink} />
        </Card>
      </Col>
    </Row>
  );
}
