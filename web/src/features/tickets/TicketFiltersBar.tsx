import { Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EnterpriseSelect } from '../../lib/enterprise-select';
import { PRIORITIES, TICKET_CATEGORIES, TICKET_STATUSES, type TicketFilters } from './api';

export function TicketFiltersBar({ filters, onChange, showEnterprise }: { filters: TicketFilters; onChange: (patch: Partial<TicketFilters>) => void; showEnterprise: boolean }) {
  const { t } = useTranslation();
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
        placeholder={t('tickets.list.searchPlaceholder')}
        aria-label={t('tickets.list.search')}
      />
      <Select
        allowClear
        aria-label={t('tickets.fields.category')}
        placeholder={t('tickets.list.anyCategory')}
        value={filters.category}
        options={TICKET_CATEGORIES.map((c) => ({ value: c, label: t(`tickets.category.${c}`) }))}
        onChange={(v?: TicketFilters['category']) => onChange({ category: v, page: 1 })}
        style={{ width: 150 }}
      />
      <Select
        allowClear
        aria-label={t('tickets.fields.priority')}
        placeholder={t('tickets.list.anyPriority')}
        value={filters.priority}
        options={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))}
        onChange={(v?: TicketFilters['priority']) => onChange({ priority: v, page: 1 })}
        style={{ width: 130 }}
      />
      <Select
        allowClear
        aria-label={t('tickets.fields.status')}
        placeholder={t('tickets.list.anyStatus')}
        value={filters.open ? 'open' : filters.status}
        options={[{ value: 'open', label: t('tickets.list.openOnly') }, ...TICKET_STATUSES.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))]}
        onChange={(v?: TicketFilters['status'] | 'open') => onChange(v === 'open' ? { open: true, status: undefined, page: 1 } : { status: v, open: undefined, page: 1 })}
        style={{ width: 130 }}
      />
      {showEnterprise ? (
        <EnterpriseSelect
          ariaLabel={t('tickets.fields.enterprise')}
          placeholder={t('tickets.list.anyEnterprise')}
          value={filters.enterpriseId}
          onChange={(v?: number) => onChange({ enterpriseId: v, page: 1 })}
          style={{ width: 220 }}
        />
      ) : null}
    </div>
  );
}
