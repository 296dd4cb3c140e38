import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES, currentLocale, setLocale, type Locale } from '../lib/i18n';
import { LazyDropdown } from './LazyDropdown';

/** 简体中文 / English; remembered in this browser. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const current = LOCALES.find((l) => l.value === i18n.language) ?? LOCALES[0];
  return (
    <LazyDropdown
      menu={{
        selectable: true,
        selectedKeys: [currentLocale()],
        items: LOCALES.map((l) => ({ key: l.value, label: <span lang={l.value}>{l.label}</span> })),
        onClick: ({ key }) => void setLocale(key as Locale),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={compact ? t('common.language') : undefined} title={t('common.language')} data-testid="language-switch">
        {compact ? null : <span lang={current.value}>{current.label}</span>}
      </Button>
    </LazyDropdown>
  );
}
