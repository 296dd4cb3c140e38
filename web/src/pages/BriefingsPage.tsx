/**
 * 日报周报: the alliance's (and, for the platform admin, the city's) daily and weekly briefings —
 * downloaded now as PDF or .xlsx, or taken from those the schedule made.
 */
import { Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { BriefingDownload } from '../features/briefings/BriefingDownload';
import { ScheduledBriefings } from '../features/briefings/ScheduledBriefings';
import type { BriefingScope } from '../features/briefings/api';
import { can, useSession } from '../lib/session';
import { PageHeader } from '../lib/ui';

export default function BriefingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const scopes: BriefingScope[] = [...(session.allianceId !== null ? (['alliance'] as const) : []), ...(can(session, 'briefing.city') ? (['city'] as const) : [])];
  return (
    <>
      <PageHeader title={t('briefings.title')} subtitle={t('briefings.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <BriefingDownload scopes={scopes} />
        </Col>
        <Col xs={24} xl={14}>
          <ScheduledBriefings />
        </Col>
      </Row>
    </>
  );
}
