/** 专家库: the city-wide pool with its load and the figures (demand vs supply per specialty, outcomes); an expert's own profile. */
import { useTranslation } from 'react-i18next';
import { FiguresCard, MyProfileCard, PoolCard, VisitCalendar } from '../features/experts/ExpertParts';
import { ImportExpertsCard } from '../features/experts/ImportExperts';
import { can, useSession } from '../lib/session';
import { PageHeader } from '../lib/ui';

export default function ExpertsPage() {
  const { t } = useTranslation();
  const session = useSession();
  if (can(session, 'expert.self')) {
    return (
      <>
        <PageHeader title={t('experts.myProfile')} />
        <MyProfileCard />
        <VisitCalendar />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('experts.poolTitle')} subtitle={t('experts.poolSubtitle')} />
      <FiguresCard />
      <PoolCard />
      {can(session, 'expert.manage') ? <ImportExpertsCard /> : null}
    </>
  );
}
