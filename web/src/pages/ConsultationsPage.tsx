/** 专家会诊: an expert's cases (awaiting an answer first), the alliance's requests, plan and assignments. */
import { Col, Row, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { CandidatesCard, ConsultationList, PlanCard } from '../features/experts/ConsultationParts';
import { VisitCalendar } from '../features/experts/ExpertParts';
import { useConsultations } from '../features/experts/api';
import { can, hasRole, useSession } from '../lib/session';
import { PageHeader } from '../lib/ui';

export default function ConsultationsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const expert = hasRole(session, 'expert');
  const assign = can(session, 'consultation.assign');
  const all = useConsultations();
  const open = (all.data?.items ?? []).filter((c) => c.status === 'open' || c.status === 'active').map((c) => ({ id: c.id, version: c.version, title: c.ticket.title }));
  return (
    <>
      <PageHeader title={t(expert ? 'experts.myCases' : 'experts.title')} subtitle={t('experts.subtitle')} />
      {expert ? (
        <Tabs
          items={[
            { key: 'awaiting', label: t('experts.awaiting'), children: <ConsultationList awaiting /> },
            { key: 'all', label: t('experts.allCases'), children: <ConsultationList /> },
            { key: 'calendar', label: t('experts.calendar'), children: <VisitCalendar /> },
          ]}
        />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={assign ? 14 : 24}><ConsultationList /></Col>
          {assign ? <Col xs={24} lg={10}><CandidatesCard /><div className="section"><PlanCard consultations={open} /></div></Col> : null}
        </Row>
      )}
    </>
  );
}
