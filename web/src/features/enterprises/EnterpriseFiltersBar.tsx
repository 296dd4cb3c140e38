import { Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { districtOptions, industryOptions } from '../../lib/domain';
import { currentLocale } from '../../lib/i18n';
import type { EnterpriseFilters } from './api';

/** Search and filters; changes go straight to the page's query string. */
export function EnterpriseFiltersBar({ filters, onChange }: { filters: EnterpriseFilters; onChange: (patch: Partial<EnterpriseFilters>) => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  return (
    <div className="filters" role="search">
      <Input.Search
        className="filter-search"
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(v) => onChange({ q: v.trim() || undefined, page: 1 })}
        placeholder={t('enterprises.list.searchPlaceholder')}
        aria-label={t('enterprises.list.search')}
      />
      <Select
        allowClear
        aria-label={t('enterprises.fields.district')}
        placeholder={t('enterprises.list.allDistricts')}
        value={filters.districtCode}
        options={districtOptions(locale)}
        showSearch={{ optionFilterProp: 'label' }}
        onChange={(v?: string) => onChange({ districtCode: v, page: 1 })}
        style={{ width: 170 }}
      />
      <Select
        allowClear
        aria-label={t('enterprises.fields.industry')}
        placeholder={t('enterprises.list.allIndustries')}
        value={filters.industry}
        options={industryOptions(locale)}
        showSearch={{ optionFilterProp: 'label' }}
        popupMatchSelectWidth={false}
        onChange={(v?: string) => onChange({ industry: v, page: 1 })}
        style={{ width: 200 }}
      />
      <Select
        allowClear
        aria-label={t('enterprises.list.stageToday')}
        placeholder={t('enterprises.list.anyStage')}
        value={filters.stage}
        options={(['full', 'partial', 'stopped', 'none'] as const).map((s) => ({ value: s, label: s === 'none' ? t('enterprises.status.notReported') : t(`common.stages.${s}`) }))}
        onChange={(v?: EnterpriseFilters['stage']) => onChange({ stage: v, page: 1 })}
        style={{ width: 160 }}
      />
    </div>
  );
}
