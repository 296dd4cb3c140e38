/**
 * The city view (全市大屏) for the platform admin: every alliance side by side, the city's
 * totals, district and industry breakdowns over time, and the firms behind any figure. The
 * full-screen mode (Fullscreen API, dark) refreshes live over server-sent events.
 */
import { FullscreenExitOutlined, FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, ConfigProvider, DatePicker, Row, Statistic, theme } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AllianceTable } from '../features/city/AllianceTable';
import { BreakdownChart } from '../features/city/BreakdownChart';
import { CoSharingTable } from '../features/city/CoSharingTable';
import { FigureLink } from '../features/city/FigureLink';
import { FirmsDrawer } from '../features/city/FirmsDrawer';
import { useBreakdown, useCity, useCityStream, type City, type Figure, type FirmsFilter } from '../features/city/api';
import { addDays, formatInt, formatPct, formatRate, todayInChina } from '../lib/format';
import { EmptyState, ErrorState, PageHeader, PageLoading } from '../lib/ui';

function Totals({ city, date, onDrill }: { city: City['city']; date: string; onDrill: (f: FirmsFilter) => void }) {
  const { t } = useTranslation();
  const drill = (figure: Figure, value: number, shown: string) => (
    <FigureLink label={t('city.drill.label', { alliance: t('city.scope.city'), figure: t(`city.figures.${figure}`), value })} testId={`city-total-${figure}`} onOpen={() => onDrill({ figure, date })}>
      {shown}
    </FigureLink>
  );
  const cards = [
    { key: 'members', title: t('city.kpi.members'), value: drill('members', city.members, formatInt(city.members)), foot: t('city.kpi.unknownFoot', { count: city.unknown }) },
    { key: 'resumption', title: t('city.kpi.resumptionRate'), value: drill('resumed', city.resumed, formatRate(city.resumptionRate)), foot: t('city.definitions.resumptionRate') },
    { key: 'reporting', title: t('city.kpi.reportingRate'), value: drill('reported', city.reported, formatRate(city.reportingRate)), foot: t('city.kpi.reportedFoot', { reported: city.reported, members: city.members }) },
    { key: 'output', title: t('city.kpi.output'), value: `${formatPct(city.outputPct)} / ${formatPct(city.capacityPct)}`, foot: t('city.definitions.output') },
    { key: 'staff', title: t('city.kpi.staff'), value: formatRate(city.staffOnDutyRate), foot: t('city.kpi.staffFoot', { onDuty: city.staffOnDuty, total: city.staffTotal }) },
    { key: 'away', title: t('city.kpi.staffAway'), value: formatInt(city.staffAway), foot: t('city.kpi.lentFoot', { lent: city.staffLentOut, borrowed: city.staffBorrowedIn }) },
    { key: 'shared', title: t('city.kpi.shared'), value: formatInt(city.workforce.workersLentToday), foot: t('city.kpi.sharedFoot', { filled: city.workforce.demand.filled, open: city.workforce.demand.open, firms: city.workforce.firmsHelped, days: city.workforce.daysWorked }) },
    { key: 'chain', title: t('city.kpi.chainBreaks'), value: drill('chain_breaks', city.chainBreaks, formatInt(city.chainBreaks)), foot: t('city.kpi.chainFoot', { count: city.alliancesWithForecast }) },
    { key: 'problems', title: t('city.kpi.problems'), value: drill('open_problems', city.openProblems, formatInt(city.openProblems)), foot: t('city.kpi.overdueFoot', { count: city.overdueProblems }) },
  ];
  return (
    <Row gutter={[12, 12]} className="city-kpis">
      {cards.map((c) => (
        <Col key={c.key} xs={12} md={8} xl={6} xxl={3}>
          <Card className="kpi-card" data-testid={`city-kpi-${c.key}`}>
            <Statistic title={c.title} valueRender={() => c.value} />
            <div className="kpi-foot small">{c.foot}</div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function Breakdowns({ to, dark, onDrill }: { to: string; dark: boolean; onDrill: (f: FirmsFilter) => void }) {
  const { t } = useTranslation();
  const from = addDays(to, -13);
  const district = useBreakdown('district', from, to);
  const industry = useBreakdown('industry', from, to);
  return (
    <Row gutter={[16, 16]}>
      {([['district', district], ['industry', industry]] as const).map(([by, q]) => (
        <Col key={by} xs={24} xl={12}>
          <Card title={t(`city.breakdown.${by}Title`)} data-testid={`city-breakdown-${by}`}>
            {q.isPending ? <PageLoading rows={4} /> : q.error ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : <BreakdownChart data={q.data} dark={dark} onDrill={onDrill} />}
          </Card>
        </Col>
      ))}
    </Row>
  );
}

export default function CityPage() {
  const { t } = useTranslation();
  const [date, setDate] = useState<string | undefined>(undefined);
  const [drill, setDrill] = useState<FirmsFilter | null>(null);
  const [fullscreen, setFullscreen] = useState(false);
  const screen = useRef<HTMLDivElement>(null);
  const city = useCity(date);
  const live = useCityStream(true);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === screen.current && screen.current !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void screen.current?.requestFullscreen?.().catch(() => undefined);
  };

  // One provider element whatever the mode (theme always set): swapping it would remount the screen and end full screen.
  const shownDate = city.data?.date ?? date ?? todayInChina();
  return (
    <ConfigProvider theme={{ algorithm: fullscreen ? theme.darkAlgorithm : theme.defaultAlgorithm }}>
      <div ref={screen} className={fullscreen ? 'city-screen city-screen-dark' : 'city-screen'} data-testid="city-screen">
        <PageHeader
          title={t('city.title')}
          subtitle={t('city.subtitle', { date: shownDate, count: city.data?.alliances.length ?? 0 })}
          extra={
            <>
              <Badge status={live ? 'success' : 'default'} text={live ? t('city.live') : t('city.offline')} />
              <DatePicker
                aria-label={t('city.date')}
                allowClear
                value={date ? dayjs(date) : null}
                disabledDate={(d) => d.isAfter(dayjs())}
                onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : undefined)}
                getPopupContainer={() => screen.current ?? document.body}
              />
              <Button icon={<ReloadOutlined />} onClick={() => void city.refetch()} loading={city.isFetching}>{t('common.refresh')}</Button>
              <Button icon={fullscreen ? <FullscreenExitOutlined /> : <FullscreenOutlined />} onClick={toggleFullscreen} data-testid="city-fullscreen">
                {fullscreen ? t('city.exitFullscreen') : t('city.fullscreen')}
              </Button>
            </>
          }
        />
        {city.isPending ? (
          <PageLoading rows={10} />
        ) : city.error ? (
          <ErrorState error={city.error} onRetry={() => void city.refetch()} />
        ) : city.data.alliances.length === 0 ? (
          <Card><EmptyState description={t('city.empty')} /></Card>
        ) : (
          <>
            <Totals city={city.data.city} date={city.data.date} onDrill={setDrill} />
            <Card title={t('city.table.title')} className="city-table-card">
              <AllianceTable rows={city.data.alliances} date={city.data.date} onDrill={setDrill} loading={city.isFetching && !city.isPending} />
            </Card>
            <Breakdowns to={city.data.date} dark={fullscreen} onDrill={setDrill} />
            <Card title={t('city.coSharing.title')} className="city-table-card" data-testid="city-co-sharing-card">
              <CoSharingTable />
            </Card>
          </>
        )}
        <FirmsDrawer filter={drill} onClose={() => setDrill(null)} />
      </div>
    </ConfigProvider>
  );
}
