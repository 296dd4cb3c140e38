/** Pick alliance or city, daily or weekly, a date, and download the briefing as PDF or .xlsx. */
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Radio, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todayInChina } from '../../lib/format';
import { ErrorAlert } from '../../lib/ui';
import { useDownloadBriefing, type BriefingFormat, type BriefingPeriod, type BriefingScope } from './api';

export function BriefingDownload({ scopes }: { scopes: BriefingScope[] }) {
  const { t } = useTranslation();
  const [scope, setScope] = useState<BriefingScope>(scopes[0] ?? 'alliance');
  const [period, setPeriod] = useState<BriefingPeriod>('daily');
  const [date, setDate] = useState(todayInChina());
  const download = useDownloadBriefing();
  const [format, setFormat] = useState<BriefingFormat | null>(null);
  const run = (f: BriefingFormat) => {
    setFormat(f);
    download.mutate({ scope, period, date, format: f });
  };
  return (
    <Card title={t('briefings.download.title')} data-testid="briefing-download">
      <Form layout="vertical">
        {scopes.length > 1 ? (
          <Form.Item label={t('briefings.scope.label')}>
            <Radio.Group value={scope} onChange={(e) => setScope(e.target.value as BriefingScope)} optionType="button" options={scopes.map((s) => ({ value: s, label: t(`briefings.scope.${s}`) }))} />
          </Form.Item>
        ) : null}
        <Form.Item label={t('briefings.period.label')}>
          <Radio.Group value={period} onChange={(e) => setPeriod(e.target.value as BriefingPeriod)} optionType="button" options={(['daily', 'weekly'] as const).map((p) => ({ value: p, label: t(`briefings.period.${p}`) }))} />
        </Form.Item>
        <Form.Item label={t(period === 'weekly' ? 'briefings.date.weekly' : 'briefings.date.daily')} htmlFor="briefing-date">
          <DatePicker id="briefing-date" allowClear={false} value={dayjs(date)} disabledDate={(d) => d.isAfter(dayjs(todayInChina()), 'day')} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
        </Form.Item>
        <Space wrap>
          <Button type="primary" icon={<FilePdfOutlined />} loading={download.isPending && format === 'pdf'} disabled={download.isPending} onClick={() => run('pdf')} data-testid="briefing-pdf">
            {t('briefings.download.pdf')}
          </Button>
          <Button icon={<FileExcelOutlined />} loading={download.isPending && format === 'xlsx'} disabled={download.isPending} onClick={() => run('xlsx')} data-testid="briefing-xlsx">
            {t('briefings.download.xlsx')}
          </Button>
        </Space>
        {download.error ? <ErrorAlert error={download.error} /> : null}
      </Form>
    </Card>
  );
}
