/** One joint meeting: when and who, the agenda, the minutes, decisions and their action items. */
import { ArrowLeftOutlined, CheckOutlined, DownloadOutlined, EditOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Popconfirm, Row, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { MeetingFormDrawer } from '../features/meetings/MeetingForm';
import { AgendaEditor, DecisionsPanel, MEETING_STATUS_COLORS, MinutesEditor } from '../features/meetings/MeetingParts';
import { useExportMinutes, useMeeting, useUpdateMeeting } from '../features/meetings/api';
import '../features/meetings/meetings.css';
import { ApiError } from '../lib/api';
import { errorMessage } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { can, useSession } from '../lib/session';
import { ErrorState, PageHeader, PageLoading } from '../lib/ui';

export default function MeetingDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const meeting = useMeeting(valid ? id : 0);
  const update = useUpdateMeeting(valid ? id : 0);
  const exporter = useExportMinutes(id);
  const [editing, setEditing] = useState(false);
  if (!valid) return <ErrorState error={new ApiError(404, 'not_found', '', null)} />;
  if (meeting.isPending) return <PageLoading rows={12} />;
  if (meeting.error) return <ErrorState error={meeting.error} onRetry={() => void meeting.refetch()} />;
  const m = meeting.data;
  const manage = can(session, 'meeting.manage');
  const setStatus = (status: 'held' | 'cancelled') =>
    update.mutate({ status, version: m.version }, { onSuccess: () => message.success(t(`meetings.status.${status}`)), onError: (e) => message.error(errorMessage(t, e)) });
  return (
    <>
      <PageHeader
        title={m.title}
        subtitle={<Link to="/meetings"><ArrowLeftOutlined /> {t('meetings.back')}</Link>}
        extra={
          <>
            <Button data-testid="meeting-export" icon={<DownloadOutlined />} loading={exporter.isPending} onClick={() => exporter.mutate(undefined, { onError: (e) => message.error(errorMessage(t, e)) })}>{t('meetings.export')}</Button>
            {manage && m.status === 'scheduled' ? (
              <>
                <Button data-testid="meeting-edit" icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('common.edit')}</Button>
                <Popconfirm title={t('meetings.cancelConfirm')} onConfirm={() => setStatus('cancelled')}>
                  <Button danger icon={<StopOutlined />}>{t('meetings.cancel')}</Button>
                </Popconfirm>
                <Button type="primary" icon={<CheckOutlined />} loading={update.isPending} onClick={() => setStatus('held')}>{t('meetings.markHeld')}</Button>
              </>
            ) : null}
          </>
        }
      />
      <Card className="section meeting-facts">
        <Descriptions column={{ xs: 1, md: 2, xl: 4 }} size="small">
          <Descriptions.Item label={t('meetings.fields.status')}><Tag color={MEETING_STATUS_COLORS[m.status]}>{t(`meetings.status.${m.status}`)}</Tag></Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.scheduledAt')}>{formatDateTime(m.scheduledAt)}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.location')}>{m.location || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.attendeeCount')}>{m.attendees.length}</Descriptions.Item>
        </Descriptions>
        {m.attendees.length ? <Space wrap size={4} className="attendees">{m.attendees.map((a) => <Tag key={a.id}>{a.displayName}</Tag>)}</Space> : null}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <AgendaEditor meeting={m} />
        </Col>
        <Col xs={24} xl={12}>
          <MinutesEditor meeting={m} />
          <DecisionsPanel meeting={m} />
        </Col>
      </Row>
      <MeetingFormDrawer open={editing} meeting={m} onClose={() => setEditing(false)} />
    </>
  );
}
