/**
 * 工作日历 (platform admin): the year's public holidays and adjusted working days, which every
 * working-day deadline counts on; add, change or clear a day.
 */
import { DeleteOutlined, EditOutlined, FileTextOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePutCalendarDays, useCalendarYear, type CalendarDay } from '../features/calendar/api';
import { NextYearWarning } from '../features/calendar/NextYearWarning';
import { NoticeImportDialog } from '../features/calendar/NoticeImport';
import { applyFieldErrors, errorMessage, requiredRule } from '../lib/errors';
import { currentLocale } from '../lib/i18n';
import { EmptyState, ErrorAlert, ErrorState, PageHeader } from '../lib/ui';
import { int, useUrlState } from '../lib/useUrlState';

interface Values {
  date: Dayjs;
  kind: 'holiday' | 'workday';
  name?: string;
  nameEn?: string;
}

function DayDialog({ open, day, onClose }: { open: boolean; day: CalendarDay | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const put = usePutCalendarDays();
  const kind = Form.useWatch('kind', form);
  useEffect(() => {
    if (open) {
      form.resetFields();
      put.reset();
      const en = currentLocale() === 'en-US';
      form.setFieldsValue(
        day
          ? { date: dayjs(day.date), kind: day.kind === 'adjustedWorkday' ? 'workday' : 'holiday', ...(day.kind === 'holiday' ? (en ? { nameEn: day.name ?? '' } : { name: day.name ?? '' }) : {}) }
          : { kind: 'holiday' },
      );
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  return (
    <Modal open={open} title={t(day ? 'calendar.editDay' : 'calendar.addDay')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} confirmLoading={put.isPending} destroyOnHidden>
      <ErrorAlert error={put.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          put.mutate(
            { days: [{ date: v.date.format('YYYY-MM-DD'), kind: v.kind, name: v.name ?? '', nameEn: v.nameEn ?? '' }] },
            { onSuccess: () => { message.success(t('calendar.saved')); onClose(); }, onError: (err) => applyFieldErrors(t, form, err) },
          )
        }
      >
        <Form.Item name="date" label={t('calendar.date')} rules={[requiredRule(t)]}>
          <DatePicker style={{ width: '100%' }} disabled={!!day} />
        </Form.Item>
        <Form.Item name="kind" label={t('calendar.kind')}>
          <Radio.Group options={[{ value: 'holiday', label: t('calendar.kinds.holiday') }, { value: 'workday', label: t('calendar.kinds.adjustedWorkday') }]} />
        </Form.Item>
        {kind === 'holiday' ? (
          <>
            <Form.Item name="name" label={t('calendar.nameZh')} rules={[requiredRule(t)]} extra={t('calendar.nameHelp')}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="nameEn" label={t('calendar.nameEn')}>
              <Input maxLength={60} />
            </Form.Item>
          </>
        ) : (
          <Alert type="info" showIcon title={t('calendar.workdayHelp')} />
        )}
      </Form>
    </Modal>
  );
}

export default function CalendarPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const [url, setUrl] = useUrlState((sp) => ({ year: int(sp, 'year') }));
  const year = url.year ?? thisYear;
  const cal = useCalendarYear(year);
  const put = usePutCalendarDays();
  const [dialog, setDialog] = useState<{ day: CalendarDay | null } | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const special = useMemo(() => (cal.data?.days ?? []).filter((d) => d.kind === 'holiday' || d.kind === 'adjustedWorkday'), [cal.data]);
  const holidays = special.filter((d) => d.kind === 'holiday').length;
  const covered = cal.data?.coveredYears.includes(year);
  return (
    <>
      <PageHeader
        title={t('calendar.title')}
        subtitle={t('calendar.subtitle')}
        extra={
          <>
            <Select aria-label={t('calendar.year')} value={year} onChange={(y: number) => setUrl({ year: y })} options={[-1, 0, 1, 2].map((d) => ({ value: thisYear + d, label: t('calendar.yearOption', { year: thisYear + d }) }))} style={{ width: 110 }} />
            <Button icon={<FileTextOutlined />} onClick={() => setImportOpen(true)}>{t('calendar.notice.button')}</Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ day: null })}>{t('calendar.addDay')}</Button>
          </>
        }
      />
      <NextYearWarning enabled linkToCalendar={false} />
      {cal.data && !covered ? <Alert type="warning" showIcon className="section" title={t('calendar.notCovered', { year })} /> : null}
      <Card title={t('calendar.summary', { holidays, workdays: special.length - holidays })} className="section">
        {cal.error ? (
          <ErrorState error={cal.error} onRetry={() => void cal.refetch()} />
        ) : (
          <Table<CalendarDay>
            rowKey="date"
            loading={cal.isFetching}
            dataSource={special}
            pagination={false}
            size="middle"
            scroll={{ x: 600 }}
            locale={{ emptyText: <EmptyState description={t('calendar.empty')} /> }}
            columns={[
              { key: 'date', title: t('calendar.date'), dataIndex: 'date', width: 180, render: (d: string) => `${d} ${dayjs(d).format('ddd')}` },
              { key: 'kind', title: t('calendar.kind'), dataIndex: 'kind', width: 140, render: (k: CalendarDay['kind']) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(`calendar.kinds.${k}`)}</Tag> },
              { key: 'name', title: t('calendar.name'), dataIndex: 'name', render: (n: string | null) => n ?? '—' },
              {
                key: 'actions',
                title: t('common.actions'),
                width: 120,
                render: (_: unknown, d) => (
                  <Space>
                    <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('calendar.editDayOf', { date: d.date })} onClick={() => setDialog({ day: d })} />
                    <Popconfirm title={t('calendar.clearConfirm', { date: d.date })} onConfirm={() => put.mutate({ days: [{ date: d.date, kind: 'ordinary' }] }, { onSuccess: () => message.success(t('calendar.cleared')), onError: (e) => message.error(errorMessage(t, e)) })}>
                      <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('calendar.clearDayOf', { date: d.date })} />
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <DayDialog open={dialog !== null} day={dialog?.day ?? null} onClose={() => setDialog(null)} />
      <NoticeImportDialog open={importOpen} year={year} onClose={() => setImportOpen(false)} />
    </>
  );
}
