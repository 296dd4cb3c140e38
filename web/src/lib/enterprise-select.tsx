/** Choosing member enterprises by name (search as you type): filters, forms and grants share it. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import type { z } from 'zod';
import type { EnterprisePage, EnterpriseResponse } from '@server/modules/enterprises/enterprises.schema';
import { api } from './api';

/**
 * The registry's cache key for one member: the enterprises feature uses the same key, so an edit
 * there refreshes every feature that shows the member.
 */
export const memberKey = (id: number) => ['enterprises', 'one', id] as const;

/** One member enterprise (e.g. the signed-in firm's own name), for features outside the registry. */
export function useMember(id: number | undefined) {
  return useQuery({ queryKey: memberKey(id ?? 0), queryFn: () => api<EnterpriseResponse>(`/enterprises/${id}`), enabled: id !== undefined && id > 0 });
}

/** A commissioner's caseload (first 100 firms), to choose the firm one acts for. */
export function useCaseloadMembers(enabled: boolean) {
  const query = { mine: 'true', pageSize: 100 } as const;
  // Same key as the registry's list with these filters (`mine: true`), so both share one entry.
  return useQuery({ queryKey: ['enterprises', 'list', { mine: true, pageSize: 100 }], queryFn: () => api<z.infer<typeof EnterprisePage>>('/enterprises', { query }), enabled });
}

/** Enterprises to attach an enterprise role to (search by name). */
export function useEnterpriseOptions(q: string, enabled = true) {
  return useQuery({
    queryKey: ['users', 'enterprise-options', q],
    queryFn: () => api<{ items: { id: number; name: string }[] }>('/enterprises', { query: { q: q || undefined, pageSize: 20 } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Search by member name, for staff filtering by enterprise. */
export function EnterpriseSelect({ value, onChange, style, ariaLabel, placeholder, mode, known = [] }: {
  value?: number | number[];
  onChange: (v: never) => void;
  style?: React.CSSProperties;
  ariaLabel: string;
  placeholder?: string;
  mode?: 'multiple';
  /** Already chosen enterprises, so their names show before any search. */
  known?: { id: number; name: string }[];
}) {
  const [q, setQ] = useState('');
  const options = useEnterpriseOptions(q);
  return (
    <Select
      allowClear
      mode={mode}
      aria-label={ariaLabel}
      placeholder={placeholder}
      value={value as never}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={options.isFetching}
      options={[...known.filter((k) => !options.data?.items.some((e) => e.id === k.id)), ...(options.data?.items ?? [])].map((e) => ({ value: e.id, label: e.name }))}
      onChange={onChange}
      popupMatchSelectWidth={false}
      style={style}
    />
  );
}
