/** Schedule or edit a joint meeting: title, date and time, place, attendees. */
import { App, Button, DatePicker, Drawer, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateMeetingBody } from '@server/modules/meetings/meetings.schema';
import { newIdempotencyKey } from '../../lib/api';
import { applyFieldErrors, zodRule } from '../../lib/errors';
import { can, useSession } from '../../lib/session';
import { ErrorAlert } from '../../lib/ui';
import { useStaffDirectory } from '../../lib/directory';
import { useCreateMeeting, useUpdateMeeting, type MeetingFull } from './api';

interface Values {
  title: string;
  scheduledAt: Dayjs;
  location?: string;
  attendeeIds?: number[];
}

export function MeetingFormDrawer({ open, meeting, onClose, onSaved }: { open: boolean; meeting?: MeetingFull; onClose: () => void; onSaved?: (m: MeetingFull) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [form] = Form.useForm<Values>();
  const create = useCreateMeeting();
  const update = useUpdateMeeting(meeting?.id ?? 0);
  const mutation = meeting ? update : create;
  const key = useRef(newIdempotencyKey());
  const staff = useStaffDirectory(open && can(session, 'user.directory'));

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(
        meeting
          ? { title: meeting.title, scheduledAt: dayjs(meeting.scheduledAt), location: meeting.location, attendeeIds: meeting.attendees.map((a) => a.id) }
          : { scheduledAt: dayjs().add(2, 'day').hour(14).minute(30).second(0) },
      );
      create.reset();
      update.reset();
      key.current = newIdempotencyKey();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = (v: Values) => {
    const body = { title: v.title, scheduledAt: v.scheduledAt.second(0).millisecond(0).format('YYYY-MM-DDTHH:mm:ssZ'), location: v.location ?? '', attendeeIds: v.attendeeIds ?? [] };
    const done = (m: MeetingFull) => {
      message.success(t(meeting ? 'meetings.form.updated' : 'meetings.form.created'));
      onSaved?.(m);
      onClose();
    };
    const failed = (err: unknown) => applyFieldErrors(t, form, err);
    if (meeting) update.mutate({ ...body, version: meeting.version }, { onSuccess: done, onError: failed });
    else create.mutate({ body, idempotencyKey: key.current }, { onSuccess: done, onError: failed });
  };
  const attendeeOptions = [
    ...(staff.data ?? []).map((u) => ({ value: u.id, label: u.displayName })),
    ...(meeting?.attendees ?? []).filter((a) => !staff.data?.some((u) => u.id === a.id)).map((a) => ({ value: a.id, label: a.displayName })),
  ];
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={560}
      title={t(meeting ? 'meetings.form.editTitle' : 'meetings.form.title')}
      destroyOnHidden
      footer={
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()}>{t('common.save')}</Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} onValuesChange={() => (key.current = newIdempotencyKey())}>
        <ErrorAlert error={mutation.error} />
        <Form.Item name="title" label={t('meetings.fields.title')} rules={[{ required: true, message: t('fieldErrors.required') }, zodRule(t, CreateMeetingBody.shape.title)]}>
          <Input maxLength={120} placeholder={t('meetings.form.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="scheduledAt" label={t('meetings.fields.scheduledAt')} rules={[{ required: true, message: t('fieldErrors.required') }]}>
          <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="location" label={t('meetings.fields.location')}>
          <Input maxLength={200} />
        </Form.Item>
        {can(session, 'user.directory') ? (
          <Form.Item name="attendeeIds" label={t('meetings.fields.attendees')} extra={t('meetings.form.attendeesHelp')}>
            <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} loading={staff.isFetching} options={attendeeOptions} placeholder={t('common.select')} />
          </Form.Item>
        ) : null}
      </Form>
    </Drawer>
  );
}
