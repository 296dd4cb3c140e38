import { useTranslation } from 'react-i18next';
import { AllianceProfile } from '../features/alliances/AllianceProfile';
import { useAlliance } from '../features/alliances/api';
import { useSession } from '../lib/session';
import { ErrorState, PageHeader, PageLoading } from '../lib/ui';

export default function AlliancePage() {
  const { t } = useTranslation();
  const session = useSession();
  const q = useAlliance(session.allianceId);
  return (
    <>
      <PageHeader title={q.data?.name ?? t('nav.alliance')} subtitle={t('alliance.subtitle')} />
      {q.isPending ? <PageLoading /> : q.error ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : <AllianceProfile alliance={q.data} />}
    </>
  );
}
