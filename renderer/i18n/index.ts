import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type Lang = 'zh-CN' | 'en';
const LANG_KEY = 'zz.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

document.documentElement.lang = i18next.language;

export function setLang(lang: Lang): void {
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* storage unavailable: the choice lasts for this page */
  }
}

/** Pick from a protocol label tuple [中文, English] by the current language. */
export function useLabel(): (pair: readonly [string, string]) => string {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (pair) => (en ? pair[1] : pair[0]);
}

/** The message of an ApiError in the current language. */
export function useErrorText(): (e: { message: string; messageEn: string }) => string {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (e) => (en ? e.messageEn : e.message);
}

export default i18next;
