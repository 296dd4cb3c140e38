import { Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { FirmMemberships, FirmRequests } from '../features/memberships/FirmMemberships';
import { useMyFirms } from '../features/memberships/api';
import { useSession } from '../lib/session';
import { PageHeader } from '../lib/ui';

/** The firm answers join requests and manages its alliances (its admin, or the platform admin). */
export default function MembershipsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const firms = useMyFirms();
  // A firm admin sees each firm they answer for; the platform admin, the firms with open requests.
  const ids = [...new Set([...session.grants.filter((g) => g.role === 'enterprise_admin' && g.enterpriseId !== null).map((g) => g.enterpriseId as number), ...(firms.data?.items.map((f) => f.id) ?? [])])];
  return (
    <>
      <PageHeader title={t('memberships.title')} subtitle={t('memberships.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <FirmRequests />
        </Col>
        {ids.map((id) => (
          <Col xs={24} key={id}>
            <FirmMemberships enterpriseId={id} />
          </Col>
        ))}
      </Row>
    </>
  );
}
