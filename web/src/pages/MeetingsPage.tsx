/** 联席会议: upcoming and past joint meetings, and scheduling a new one. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { MeetingFormDrawer } from '../features/meetings/MeetingForm';
import { MEETING_STATUS_COLORS } from '../features/meetings/MeetingParts';
import '../features/meetings/meetings.css';
import { useMeetings, type Meeting, type MeetingFilters, type MeetingStatus } from '../features/meetings/api';
import { formatDateTime, formatInt } from '../lib/format';
import { can, useSession } from '../lib/session';
import { EmptyState, ErrorState, PageHeader } from '../lib/ui';
import { int, oneOf, useUrlState } from '../lib/useUrlState';


type View = 'upcoming' | 'all' | MeetingStatus;
const parse = (sp: URLSearchParams) => ({ view: oneOf(sp, 'view', ['upcoming', 'all', 'scheduled', 'held', 'cancelled'] as const), page: int(sp, 'page') });

export default function MeetingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [url, setUrl] = useUrlState(parse);
  const view: View = url.view ?? 'all';
  const filters: MeetingFilters = { upcoming: view === 'upcoming' || undefined, status: view === 'held' || view === 'cancelled' || view === 'scheduled' ? view : undefined, page: url.page };
  const list = useMeetings(filters);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t('meetings.title')}
        subtitle={t('meetings.subtitle')}
        extra={can(session, 'meeting.manage') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('meetings.schedule')}</Button> : null}
      />
      <Card>
        <Segmented<View>
          value={view}
          onChange={(v) => setUrl({ view: v, page: undefined })}
          options={(['all', 'upcoming', 'held', 'cancelled'] as const).map((v) => ({ value: v, label: t(`meetings.views.${v}`) }))}
          className="filters"
        />
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Meeting>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items}
            scroll={{ x: 820 }}
            locale={{ emptyText: <EmptyState description={t('meetings.empty')} /> }}
            pagination={{ current: list.data?.page ?? 1, pageSize: list.data?.pageSize ?? 20, total: list.data?.total ?? 0, showTotal: (n) => t('common.totalItems', { total: formatInt(n) }) }}
            onChange={(p) => setUrl({ page: p.current })}
            columns={[
              { key: 'title', title: t('meetings.fields.title'), dataIndex: 'title', render: (title: string, r) => <Link to={`/meetings/${r.id}`}>{title}</Link> },
              { key: 'scheduledAt', title: t('meetings.fields.scheduledAt'), dataIndex: 'scheduledAt', width: 190, render: (v: string) => formatDateTime(v) },
              { key: 'location', title: t('meetings.fields.location'), dataIndex: 'location', width: 220, ellipsis: true },
              { key: 'status', title: t('meetings.fields.status'), dataIndex: 'status', width: 100, render: (s: MeetingStatus) => <Tag color={MEETING_STATUS_COLORS[s]}>{t(`meetings.status.${s}`)}</Tag> },
              { key: 'attendeeCount', title: t('meetings.fields.attendeeCount'), dataIndex: 'attendeeCount', width: 100, align: 'right' },
              { key: 'agendaCount', title: t('meetings.fields.agendaCount'), dataIndex: 'agendaCount', width: 100, align: 'right' },
            ]}
          />
        )}
      </Card>
      <MeetingFormDrawer open={creating} onClose={() => setCreating(false)} onSaved={(m) => navigate(`/meetings/${m.id}`)} />
    </>
  );
}
