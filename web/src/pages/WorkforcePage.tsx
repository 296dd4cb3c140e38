/**
 * Shared employees (共享员工): the postings board, matching proposals, placements with their
 * lifecycle and agreement, and the roster of lendable workers. Each tab shows what the person's
 * role may do; the server decides.
 */
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Tabs, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadSettlement } from '../features/workforce/api';
import { PlacementsTable } from '../features/workforce/Placements';
import { PostingDrawer, PostingsBoard } from '../features/workforce/Postings';
import { ProposalsList } from '../features/workforce/Proposals';
import { RosterTable, WorkerDrawer } from '../features/workforce/Roster';
import { WorkforceSettings } from '../features/workforce/Settings';
import { can, hasRole, useSession } from '../lib/session';
import { PageHeader } from '../lib/ui';

export default function WorkforcePage() {
  const { t } = useTranslation();
  const session = useSession();
  const [tab, setTab] = useState('postings');
  const [posting, setPosting] = useState(false);
  const [worker, setWorker] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const staff = hasRole(session, 'platform_admin', 'secretary', 'group_member', 'commissioner');
  const manager = hasRole(session, 'platform_admin', 'secretary', 'group_member');
  const ownFirm = session.enterpriseIds[0];
  const canPost = can(session, 'workforce.post') && (staff || ownFirm !== undefined);
  const canRoster = can(session, 'workforce.roster') && (staff || ownFirm !== undefined);
  const settlement = async () => {
    setDownloading(true);
    try {
      await downloadSettlement();
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setDownloading(false);
    }
  };
  return (
    <>
      <PageHeader
        title={t('workforce.title')}
        subtitle={t('workforce.subtitle')}
        extra={
          <>
            {canPost ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setPosting(true)} data-testid="posting-new">{t('workforce.postings.new')}</Button> : null}
            {canRoster ? <Button icon={<PlusOutlined />} onClick={() => setWorker(true)} data-testid="worker-new">{t('workforce.roster.add')}</Button> : null}
            <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => void settlement()} data-testid="settlement-download">{t('workforce.placements.settlement')}</Button>
          </>
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          items={[
            { key: 'postings', label: t('workforce.tabs.postings'), children: <PostingsBoard canMatch={can(session, 'workforce.match')} /> },
            { key: 'proposals', label: t('workforce.tabs.proposals'), children: <ProposalsList canReview={can(session, 'workforce.match')} canAnswer={can(session, 'workforce.accept')} myFirms={session.enterpriseIds} /> },
            { key: 'placements', label: t('workforce.tabs.placements'), children: <PlacementsTable staff={staff} myFirms={session.enterpriseIds} /> },
            ...(canRoster
              ? [{ key: 'roster', label: t('workforce.tabs.roster'), children: <RosterTable canReveal={can(session, 'workforce.reveal')} canErase={(w) => manager || (hasRole(session, 'enterprise_admin') && session.enterpriseIds.includes(w.enterprise.id))} /> }]
              : []),
            // The alliance's lending rules, retention period and agreement template: whom the policy lets change them.
            ...(can(session, 'workforce.settings') ? [{ key: 'settings', label: t('workforce.settings.tab'), children: <WorkforceSettings /> }] : []),
          ]}
        />
      </Card>
      <PostingDrawer open={posting} onClose={() => setPosting(false)} staff={staff} canEmergency={manager} ownFirm={ownFirm} />
      <WorkerDrawer open={worker} onClose={() => setWorker(false)} staff={staff} ownFirm={ownFirm} />
    </>
  );
}
