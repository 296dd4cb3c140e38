import { MailOutlined, PhoneOutlined } from '@ant-design/icons';
import { Card, Descriptions, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { districtName, industryName, ownershipName } from '../../lib/domain';
import { formatDateTime, formatInt, formatYuan } from '../../lib/format';
import { currentLocale } from '../../lib/i18n';
import { EmptyState, ListItemMeta } from '../../lib/ui';
import type { Enterprise } from './api';
import { CommissionerControl } from './CommissionerAssign';
import { TodayStatus } from './TodayStatus';

/** A member's registry record; `canAssignCommissioner` adds changing its resident commissioner. */
export function EnterpriseProfile({ enterprise: e, canAssignCommissioner = false }: { enterprise: Enterprise; canAssignCommissioner?: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Card title={t('enterprises.detail.profile')}>
      <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="middle">
        <Descriptions.Item label={t('enterprises.fields.creditCode')}><span className="mono">{e.creditCode}</span></Descriptions.Item>
        <Descriptions.Item label={t('enterprises.fields.district')}>{districtName(e.districtCode, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('enterprises.fields.industry')}>{industryName(e.industry, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('enterprises.fields.industryDivision')}>{e.industryDivision ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('enterprises.fields.aboveDesignatedSize')}>{t(e.aboveDesignatedSize ? 'enterprises.registry.yes' : 'enterprises.registry.no')}</Descriptions.Item>
        <Descriptions.Item label={t('enterprises.fields.ownership')}>{ownershipName(e.ownership, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('enterprises.fields.headcount')}>{formatInt(e.headcount)}</Descriptions.Item>
        <Descriptions.Item label={t('enterprises.fields.annualOutput')}>{formatYuan(e.annualOutputFen)}</Descriptions.Item>
        <Descriptions.Item label={t('enterprises.fields.commissioner')}><CommissionerControl enterprise={e} canAssign={canAssignCommissioner} /></Descriptions.Item>
        <Descriptions.Item label={t('enterprises.fields.today')}><TodayStatus latest={e.latest} /></Descriptions.Item>
        <Descriptions.Item label={t('enterprises.fields.mainProducts')} span={2}>{e.mainProducts || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('enterprises.fields.address')} span={2}>{e.address || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('enterprises.fields.updatedAt')}>{formatDateTime(e.updatedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

export function EnterpriseContacts({ enterprise: e }: { enterprise: Enterprise }) {
  const { t } = useTranslation();
  return (
    <Card title={t('enterprises.fields.contacts')}>
      {e.contacts.length === 0 ? (
        <EmptyState description={t('enterprises.detail.noContacts')} />
      ) : (
        <List
          dataSource={e.contacts}
          renderItem={(c) => (
            <List.Item>
              <ListItemMeta
                title={<span>{c.name} {c.title ? <Typography.Text type="secondary">· {c.title}</Typography.Text> : null}</span>}
                description={
                  <span className="contact-lines">
                    {c.phone ? <a href={`tel:${c.phone.replace(/\s/g, '')}`}><PhoneOutlined aria-hidden /> {c.phone}</a> : null}
                    {c.email ? <a href={`mailto:${c.email}`}><MailOutlined aria-hidden /> {c.email}</a> : null}
                  </span>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
