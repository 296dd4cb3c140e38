/**
 * The map page's body: search and status filter (which double as the legend, with counts), the
 * graph, and beside it either the selected firm or the list of firms about to break.
 */
import { AimOutlined } from '@ant-design/icons';
import { Button, Card, Col, List, Row, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInt } from '../../lib/format';
import type { Analysis } from './api';
import { ChainGraph } from './ChainGraph';
import { FirmPanel, StatusTag } from './FirmPanel';
import { FIRM_STATUSES, STATUS_COLORS, breakTimeline, rootCause, statusCounts, type FirmStatus } from './model';

const ALL = new Set<FirmStatus>(FIRM_STATUSES);

export function MapView({ analysis, selectedId, onSelect }: { analysis: Analysis; selectedId: number | null; onSelect: (id: number | null) => void }) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState<ReadonlySet<FirmStatus>>(ALL);
  const [viewKey, setViewKey] = useState(0);
  const counts = useMemo(() => statusCounts(analysis), [analysis]);
  const timeline = useMemo(() => breakTimeline(analysis), [analysis]);
  const selected = selectedId === null ? undefined : analysis.firms.find((f) => f.id === selectedId);
  const options = useMemo(() => [...analysis.firms].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map((f) => ({ value: f.id, label: f.name })), [analysis]);

  const toggle = (s: FirmStatus) =>
    setVisible((prev) => {
      const next = new Set(prev);
      if (next.has(s) && next.size > 1) next.delete(s);
      else next.add(s);
      return next;
    });

  return (
    <>
      <Card size="small" className="chain-toolbar">
        <div className="chain-toolbar-row">
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            allowClear
            value={selectedId ?? undefined}
            placeholder={t('chain.map.search')}
            aria-label={t('chain.map.search')}
            options={options}
            onChange={(v?: number) => onSelect(v ?? null)}
            className="chain-search"
            data-testid="chain-search"
          />
          <div className="chain-legend" role="group" aria-label={t('chain.map.legend')} data-testid="chain-legend">
            {FIRM_STATUSES.map((s) => (
              <Tag.CheckableTag key={s} checked={visible.has(s)} onChange={() => toggle(s)} className="chain-legend-item" data-testid={`legend-${s}`}>
                <span className="legend-dot" style={{ background: STATUS_COLORS[s] }} aria-hidden />
                {t(`chain.status.${s}`)} <span className="legend-count">{counts[s]}</span>
              </Tag.CheckableTag>
            ))}
          </div>
          <Space className="chain-hints" size={16} wrap>
            <span className="small muted"><span className="hint-size" aria-hidden />{t('chain.map.sizeHint', { unit: t(`chain.weightUnit.${analysis.weightUnit}`) })}</span>
            <span className="small muted"><span className="hint-edge" aria-hidden />{t('chain.map.edgeHint')}</span>
            <span className="small muted"><span className="hint-dashed" aria-hidden />{t('chain.map.pendingHint')}</span>
            <Button size="small" icon={<AimOutlined />} onClick={() => setViewKey((k) => k + 1)}>{t('chain.map.resetView')}</Button>
          </Space>
        </div>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card className="chain-graph-card" styles={{ body: { padding: 8 } }}>
            <ChainGraph analysis={analysis} selectedId={selectedId} onSelect={onSelect} visibleStatuses={visible} viewKey={viewKey} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card className="chain-side-card">
            {selected ? (
              <FirmPanel analysis={analysis} firm={selected} onSelect={(id) => onSelect(id)} onClose={() => onSelect(null)} />
            ) : (
              <>
                <Typography.Title level={2} className="firm-panel-title">{analysis.mode === 'static' ? t('chain.forecast.tableTitleSteady') : t('chain.map.breakingTitle', { days: analysis.Y.length })}</Typography.Title>
                <Typography.Paragraph type="secondary" className="small">{t('chain.map.clickHint')}</Typography.Paragraph>
                <List
                  size="small"
                  dataSource={timeline}
                  locale={{ emptyText: t('chain.map.noBreaks') }}
                  pagination={timeline.length > 8 ? { pageSize: 8, size: 'small', simple: true } : false}
                  renderItem={(f) => (
                    <List.Item className="breaking-item" onClick={() => onSelect(f.id)}>
                      <div className="breaking-main">
                        <Typography.Link onClick={() => onSelect(f.id)}>{f.name}</Typography.Link>
                        <div className="small muted">
                          {t('chain.map.breakingLine', { item: f.cause?.item ?? '—', root: rootCause(f)?.name ?? '—', workers: formatInt(f.headcount) })}
                        </div>
                      </div>
                      <StatusTag firm={f} />
                    </List.Item>
                  )}
                />
              </>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
