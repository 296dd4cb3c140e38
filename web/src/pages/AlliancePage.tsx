import { EditOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AllianceFormDrawer } from '../features/alliances/AllianceForm';
import { AllianceProfile } from '../features/alliances/AllianceProfile';
import { useAlliance } from '../features/alliances/api';
import { can, useSession } from '../lib/session';
import { ErrorState, PageHeader, PageLoading } from '../lib/ui';

export default function AlliancePage() {
  const { t } = useTranslation();
  const session = useSession();
  const q = useAlliance(session.allianceId);
  const [editing, setEditing] = useState(false);
  const canEdit = can(session, 'alliance.update') && !!q.data;
  return (
    <>
      <PageHeader
        title={q.data?.name ?? t('nav.alliance')}
        subtitle={t('alliance.subtitle')}
        extra={canEdit ? <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('alliance.form.edit')}</Button> : null}
      />
      {q.isPending ? <PageLoading /> : q.error ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : <AllianceProfile alliance={q.data} />}
      {q.data && canEdit ? <AllianceFormDrawer open={editing} alliance={q.data} onClose={() => setEditing(false)} /> : null}
    </>
  );
}
