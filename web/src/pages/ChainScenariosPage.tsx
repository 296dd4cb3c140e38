/**
 * 情景推演: saved what-if scenarios; create or edit one, and compare it with the baseline
 * (chain output before / after, and which firms' break days move).
 */
import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, List, Popconfirm, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AnalysisControls, paramsQuery, useAnalysisParams } from '../features/chain/AnalysisControls';
import { AnalysisGate } from '../features/chain/AnalysisGate';
import { ScenarioComparison } from '../features/chain/ScenarioComparison';
import { ScenarioEditor, describeChange } from '../features/chain/ScenarioEditor';
import { useAnalysis, useDeleteScenario, useItems, useScenarios, type Analysis, type Scenario } from '../features/chain/api';
import { errorMessage } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { can, currentAllianceName, useSession } from '../lib/session';
import { EmptyState, ErrorState, PageHeader, PageLoading, ListItemMeta } from '../lib/ui';

export default function ChainScenariosPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const editable = can(session, 'chain.scenario');
  const [params, setParams] = useAnalysisParams();
  const [sp, setSp] = useSearchParams();
  const scenarios = useScenarios();
  const items = useItems();
  const baseline = useAnalysis(params);
  const remove = useDeleteScenario();
  const s = sp.get('s');
  const selected: Scenario | null = scenarios.data?.items.find((x) => String(x.id) === s) ?? null;
  const creating = s === 'new' && editable;
  const comparison = useAnalysis({ ...params, scenarioId: selected?.id, scenarioVersion: selected?.version }, !!selected);
  const q = paramsQuery(params);
  const mapLink = (id: number) => `/chain/map${q ? `${q}&` : '?'}firm=${id}`;
  const open = (v: string | null) =>
    setSp((prev) => {
      const next = new URLSearchParams(prev);
      if (v === null) next.delete('s');
      else next.set('s', v);
      return next;
    });

  const names = (a: Analysis | undefined) => new Map(a?.firms.map((f) => [f.id, f.name]) ?? []);
  const firmNames = names(baseline.data);
  const itemNames = new Map(items.data?.items.map((i) => [i.id, i.name]) ?? []);

  return (
    <>
      <PageHeader
        title={t('chain.scenarios.title')}
        subtitle={t('chain.scenarios.subtitle', { alliance: currentAllianceName(session) })}
        extra={editable ? <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="scenario-new">{t('chain.scenarios.new')}</Button> : null}
      />
      <AnalysisControls params={params} onChange={setParams} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={7}>
          <Card title={t('chain.scenarios.saved')} className="scenario-list-card">
            {scenarios.isPending ? (
              <PageLoading rows={4} />
            ) : scenarios.error ? (
              <ErrorState error={scenarios.error} onRetry={() => void scenarios.refetch()} />
            ) : (
              <List<Scenario>
                dataSource={scenarios.data.items}
                data-testid="scenario-list"
                locale={{ emptyText: <EmptyState description={t('chain.scenarios.empty')} /> }}
                renderItem={(x) => (
                  <List.Item
                    className={x.id === selected?.id ? 'scenario-item active' : 'scenario-item'}
                    actions={
                      editable
                        ? [
                            <Popconfirm
                              key="del"
                              title={t('chain.scenarios.deleteConfirm', { name: x.name })}
                              okText={t('chain.scenarios.delete')}
                              cancelText={t('common.cancel')}
                              okButtonProps={{ danger: true }}
                              onConfirm={() =>
                                remove.mutateAsync(x.id).then(
                                  () => {
                                    message.success(t('chain.scenarios.deleted', { name: x.name }));
                                    if (x.id === selected?.id) open(null);
                                  },
                                  (err: unknown) => void message.error(errorMessage(t, err)),
                                )
                              }
                            >
                              <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('chain.scenarios.deleteLabel', { name: x.name })} />
                            </Popconfirm>,
                          ]
                        : undefined
                    }
                  >
                    <ListItemMeta
                      title={<Typography.Link onClick={() => open(String(x.id))}>{x.name}</Typography.Link>}
                      description={
                        <span className="small">
                          {t('chain.scenarios.summary', { n: x.changes.length, at: formatDateTime(x.updatedAt) })}
                          {x.changes[0] ? <div className="muted">{describeChange(t, x.changes[0], firmNames, itemNames, baseline.data?.links)}</div> : null}
                        </span>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={17}>
          {creating || (selected && editable) ? (
            <Card title={creating ? t('chain.scenarios.createTitle') : t('chain.scenarios.editTitle', { name: selected!.name })} className="scenario-editor-card">
              <AnalysisGate query={baseline}>
                {(a) => <ScenarioEditor scenario={creating ? null : selected} analysis={a} items={items.data?.items ?? []} onSaved={(x) => open(String(x.id))} onCancel={() => open(null)} />}
              </AnalysisGate>
            </Card>
          ) : selected ? (
            <Card title={selected.name}>
              <ul className="scenario-readonly">
                {selected.changes.map((c, i) => <li key={i}>{describeChange(t, c, firmNames, itemNames, baseline.data?.links)}</li>)}
              </ul>
            </Card>
          ) : (
            <Card>
              <EmptyState description={editable ? t('chain.scenarios.pickOrCreate') : t('chain.scenarios.pick')} />
            </Card>
          )}
          {selected ? (
            <Card
              className="section"
              title={t('chain.scenarios.comparisonTitle', { name: selected.name })}
              extra={<Button icon={<ReloadOutlined />} loading={comparison.isFetching} onClick={() => void comparison.refetch()} data-testid="scenario-run">{t('chain.scenarios.run')}</Button>}
            >
              <AnalysisGate query={comparison}>{(a) => <ScenarioComparison analysis={a} mapLink={mapLink} />}</AnalysisGate>
            </Card>
          ) : null}
        </Col>
      </Row>
    </>
  );
}
