import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { session } from '../lib/api';
import { en } from './en';
import { zh } from './zh';

export type Language = 'zh' | 'en';
export const LANGUAGES: readonly Language[] = ['zh', 'en'];
const STORAGE_KEY = 'laogao.language';

/** The stored choice, else the browser's first language we speak, else Chinese. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'zh' || stored === 'en') return stored;
  for (const tag of navigator.languages) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh';
}

/** The BCP 47 tag for `Intl` and `Accept-Language`. */
export const localeOf = (language: string): string => (language === 'en' ? 'en' : 'zh-CN');

function applyLanguage(language: string): void {
  document.documentElement.lang = localeOf(language);
  session.language = localeOf(language);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, zh: { translation: zh } },
  lng: initialLanguage(),
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyLanguage(i18n.language);
i18n.on('languageChanged', applyLanguage);

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18n.changeLanguage(language);
}

export default i18n;
