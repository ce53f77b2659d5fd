import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n/index.ts';

export function LangSwitch() {
  const { i18n, t } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <span className="lang-switch" role="group" aria-label={t('header.language')} data-testid="lang-switch">
      <button type="button" aria-pressed={!en} onClick={() => setLang('zh-CN')}>
        中文
      </button>
      <button type="button" aria-pressed={en} onClick={() => setLang('en')}>
        English
      </button>
    </span>
  );
}
