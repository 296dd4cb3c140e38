/** 防控共抓: self-inspections, standards (versioned checklists), trainings and supplies with days of cover, one tab each. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InspectionDetail, InspectionForm, InspectionList } from '../features/prevention/Inspections';
import { StandardsPanel } from '../features/prevention/Standards';
import { SuppliesPanel } from '../features/prevention/Supplies';
import { TrainingForm, TrainingList } from '../features/prevention/Trainings';
import '../features/prevention/prevention.css';
import { can, hasRole, useSession } from '../lib/session';
import { PageHeader } from '../lib/ui';
import { oneOf, useUrlState } from '../lib/useUrlState';

const TABS = ['inspections', 'standards', 'trainings', 'supplies'] as const;
const parse = (sp: URLSearchParams) => ({ tab: oneOf(sp, 'tab', TABS) });

export default function PreventionPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [url, setUrl] = useUrlState(parse);
  const tab = url.tab ?? 'inspections';
  // The prevention group keeps standards and trainings (the server checks the group too).
  const manager = hasRole(session, 'platform_admin') || hasRole(session, 'secretary') || (hasRole(session, 'group_member') && session.grants.some((g) => g.workingGroup === 'prevention'));
  const ownFirm = session.enterpriseIds[0];
  const mayInspect = can(session, 'prevention.inspect') && ownFirm !== undefined;
  const [inspecting, setInspecting] = useState(false);
  const [openInspection, setOpenInspection] = useState<number | undefined>();
  const [scheduling, setScheduling] = useState(false);
  const extra =
    tab === 'inspections' && mayInspect ? (
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setInspecting(true)} data-testid="inspection-create">{t('prevention.inspections.new')}</Button>
    ) : tab === 'trainings' && manager ? (
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setScheduling(true)}>{t('prevention.trainings.new')}</Button>
    ) : null;
  return (
    <>
      <PageHeader title={t('prevention.title')} subtitle={t('prevention.subtitle')} extra={extra} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setUrl({ tab: k as (typeof TABS)[number] })}
          items={[
            { key: 'inspections', label: t('prevention.tabs.inspections'), children: <InspectionList onOpen={setOpenInspection} /> },
            { key: 'standards', label: t('prevention.tabs.standards'), children: <StandardsPanel manager={manager} /> },
            { key: 'trainings', label: t('prevention.tabs.trainings'), children: <TrainingList manager={manager} /> },
            { key: 'supplies', label: t('prevention.tabs.supplies'), children: <SuppliesPanel manager={manager} enterpriseId={ownFirm} /> },
          ]}
        />
      </Card>
      {mayInspect ? <InspectionForm open={inspecting} enterpriseId={ownFirm} onClose={() => setInspecting(false)} /> : null}
      <InspectionDetail id={openInspection} onClose={() => setOpenInspection(undefined)} />
      {manager ? <TrainingForm open={scheduling} onClose={() => setScheduling(false)} /> : null}
    </>
  );
}
