/** The screen after a report is saved: what was filed, edit again, see the history. */
import { CheckCircleFilled } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Report } from './api';

export default function ReportDone({ report, edited, onEdit, onShowHistory }: { report: Report; edited: boolean; onEdit: () => void; onShowHistory?: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="success"
      icon={<CheckCircleFilled />}
      title={t(edited ? 'reports.form.updatedTitle' : 'reports.form.submittedTitle', { date: report.reportDate })}
      subTitle={t('reports.form.doneSubtitle', { output: report.outputPct, capacity: report.capacityPct, staff: report.staffOnDuty, total: report.staffTotal })}
      extra={[
        <Button type="primary" key="edit" onClick={onEdit}>{t('reports.form.editAgain')}</Button>,
        onShowHistory ? <Button key="history" onClick={onShowHistory}>{t('reports.form.viewHistory')}</Button> : null,
      ]}
    />
  );
}
