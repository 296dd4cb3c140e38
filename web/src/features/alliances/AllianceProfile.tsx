import { Card, Col, Descriptions, List, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { districtName, industryName } from '../../lib/domain';
import { currentLocale } from '../../lib/i18n';
import { EmptyState } from '../../lib/ui';
import type { Alliance } from './api';

export function AllianceProfile({ alliance: a }: { alliance: Alliance }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Card title={t('alliance.profile')}>
          <Typography.Paragraph>{a.description || t('alliance.noDescription')}</Typography.Paragraph>
          <Descriptions column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('alliance.chain')}>{a.chain}</Descriptions.Item>
            <Descriptions.Item label={t('enterprises.fields.industry')}>{industryName(a.industry, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('enterprises.fields.district')}>{districtName(a.districtCode, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('alliance.secretaries')}>{a.secretaries.map((s) => s.displayName).join('、') || '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card>
          <Statistic title={t('alliance.members')} value={a.memberCount} />
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('alliance.groups')}>
          <List
            grid={{ gutter: 16, xs: 1, sm: 2, lg: 4 }}
            dataSource={a.workingGroups}
            locale={{ emptyText: <EmptyState description={t('alliance.noGroups')} /> }}
            renderItem={(g) => (
              <List.Item>
                <Card size="small" title={g.name} extra={<Tag>{t(`common.workingGroups.${g.kind}`)}</Tag>}>
                  <Typography.Text type="secondary">{t('alliance.lead')}</Typography.Text> {g.lead?.displayName ?? '—'}
                </Card>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
