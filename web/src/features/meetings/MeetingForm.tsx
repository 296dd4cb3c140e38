/** Schedule or edit a joint meeting: title, date and time, place, attendees. */
import { App, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateMeetingBody } from '@server/modules/meetings/meetings.schema';
import { applyFieldErrors, requiredRule, zodRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { can, useSession } from '../../lib/session';
import { personOptions, useStaffDirectory } from '../../lib/directory';
import { useCreateMeeting, useUpdateMeeting, type MeetingFull } from './api';
import { instantFromPicker, pickerAt, pickerFromInstant } from '../../lib/format';

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
  const staff = useStaffDirectory(open && can(session, 'user.directory'));

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(
        meeting
          ? { title: meeting.title, scheduledAt: pickerFromInstant(meeting.scheduledAt), location: meeting.location, attendeeIds: meeting.attendees.map((a) => a.id) }
          : { scheduledAt: pickerAt(2, 14, 30) },
      );
      create.reset();
      update.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = (v: Values, idempotencyKey: string) => {
    const body = { title: v.title, scheduledAt: instantFromPicker(v.scheduledAt.second(0)), location: v.location ?? '', attendeeIds: v.attendeeIds ?? [] };
    const done = (m: MeetingFull) => {
      message.success(t(meeting ? 'meetings.form.updated' : 'meetings.form.created'));
      onSaved?.(m);
      onClose();
    };
    const failed = (err: unknown) => applyFieldErrors(t, form, err);
    if (meeting) update.mutate({ ...body, version: meeting.version }, { onSuccess: done, onError: failed });
    else create.mutate({ body, idempotencyKey }, { onSuccess: done, onError: failed });
  };
  const attendeeOptions = [
    ...personOptions(t, staff.data),
    ...(meeting?.attendees ?? []).filter((a) => !staff.data?.some((u) => u.id === a.id)).map((a) => ({ value: a.id, label: a.displayName })),
  ];
  const required = requiredRule(t);
  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      size={560}
      title={t(meeting ? 'meetings.form.editTitle' : 'meetings.form.title')}
      form={form}
      onFinish={submit}
      error={mutation.error}
      submitting={mutation.isPending}
    >
      <Form.Item name="title" label={t('meetings.fields.title')} rules={[required, zodRule(t, CreateMeetingBody.shape.title)]}>
        <Input maxLength={120} placeholder={t('meetings.form.titlePlaceholder')} />
      </Form.Item>
      <Form.Item name="scheduledAt" label={t('meetings.fields.scheduledAt')} rules={[required]}>
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
    </FormDrawer>
  );
}
