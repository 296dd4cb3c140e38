/** Choosing member enterprises by name (search as you type): filters, forms and grants share it. */
import { Select } from 'antd';
import { useState } from 'react';
import { useEnterpriseOptions } from './members';

export { memberKey, useCaseloadMembers, useEnterpriseOptions, useMember } from './members';

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
