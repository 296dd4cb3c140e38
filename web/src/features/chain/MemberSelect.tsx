/**
 * Choosing a member of the alliance by name, search as you type: the alliance may have tens of
 * thousands of members, so the server answers the first names containing what was typed, and
 * the chosen member's name by id.
 */
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMemberSearch, useMembersById } from './api';

export function MemberSelect({ id, value, onChange, exclude = [], ariaLabel, placeholder, notFoundContent, allowClear, style, enabled = true }: {
  id?: string;
  value?: number;
  onChange?: (v: number | undefined) => void;
  /** Members not offered (an enterprise's own firms). */
  exclude?: readonly number[];
  ariaLabel?: string;
  placeholder?: string;
  notFoundContent?: React.ReactNode;
  allowClear?: boolean;
  style?: React.CSSProperties;
  enabled?: boolean;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useMemberSearch(q.trim(), enabled);
  const chosen = useMembersById(value !== undefined ? [value] : []);
  const found = (search.data?.items ?? []).filter((m) => !exclude.includes(m.id));
  const known = (chosen.data?.items ?? []).filter((m) => m.id === value && !found.some((f) => f.id === m.id));
  const options = [...known, ...found].map((m) => ({ value: m.id, label: m.name }));
  return (
    <Select
      id={id}
      allowClear={allowClear}
      aria-label={ariaLabel}
      placeholder={placeholder ?? t('common.select')}
      value={value}
      onChange={(v?: number) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={search.isFetching}
      options={options}
      notFoundContent={notFoundContent}
      popupRender={(menu) => (
        <>
          {menu}
          {search.data?.more ? <div className="small" style={{ padding: '4px 12px' }}>{t('chain.links.moreMembers')}</div> : null}
        </>
      )}
      popupMatchSelectWidth={false}
      style={style}
    />
  );
}
