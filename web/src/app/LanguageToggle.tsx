import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES, setLocale } from '../lib/i18n';

/**
 * The login page's language switch: one button naming the other language (there are two). Lighter
 * than the signed-in shell's drop-down menu, which a phone opening the login page never downloads.
 */
export function LanguageToggle() {
  const { t, i18n } = useTranslation();
  const other = LOCALES.find((l) => l.value !== i18n.language) ?? LOCALES[1];
  return (
    <Button type="text" icon={<GlobalOutlined />} title={t('common.language')} onClick={() => void setLocale(other.value)} data-testid="language-toggle">
      <span lang={other.value}>{other.label}</span>
    </Button>
  );
}
