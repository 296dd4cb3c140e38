/** The alliance switcher for people in several alliances (loaded only for them). */
import { App, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSwitchAlliance } from '../features/auth/api';
import { errorMessage } from '../lib/errors';
import { currentAllianceName, useSession } from '../lib/session';
import { homePath } from './nav';

export default function AllianceSelect({ block }: { block?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const navigate = useNavigate();
  const mutation = useSwitchAlliance();
  return (
    <Select
      aria-label={t('layout.switchAlliance')}
      className="alliance-switcher"
      style={block ? { width: '100%' } : undefined}
      value={session.allianceId ?? undefined}
      loading={mutation.isPending}
      options={session.alliances.map((a) => ({ value: a.id, label: a.name }))}
      popupMatchSelectWidth={false}
      onChange={(id: number) =>
        mutation.mutate(id, {
          onSuccess: (s) => {
            message.success(t('layout.switched', { name: currentAllianceName(s) }));
            navigate(homePath(s));
          },
          onError: (err) => message.error(errorMessage(t, err)),
        })
      }
    />
  );
}
