import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { ConfigProvider } from 'antd';
import antdZh from 'antd/locale/zh_CN';
import antdEn from 'antd/locale/en_US';
import zhCN from './zh-CN.json';
import en from './en.json';

/** The languages the API speaks (server/platform/i18n.ts); Chinese unless the user chose English. */
export type Language = 'zh-CN' | 'en';
const STORAGE_KEY = 'gridroster.console.language';
const CATALOGS: Record<Language, Record<string, string>> = { 'zh-CN': zhCN, en };
const ANTD = { 'zh-CN': antdZh, en: antdEn };

function storedLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

const LanguageContext = createContext<LanguageState>({ language: 'zh-CN', setLanguage: () => {} });

export const useLanguage = () => useContext(LanguageContext);

/** react-intl for our strings, Ant Design's locale for its own, both following the remembered choice. */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(storedLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setState(next);
  }, []);
  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  document.documentElement.lang = language;
  return (
    <LanguageContext.Provider value={value}>
      <IntlProvider locale={language} messages={CATALOGS[language]} defaultLocale="zh-CN" timeZone="Asia/Shanghai">
        <ConfigProvider locale={ANTD[language]} theme={{ token: { fontFamily: SYSTEM_FONTS } }}>
          {children}
        </ConfigProvider>
      </IntlProvider>
    </LanguageContext.Provider>
  );
}

/** The system's own fonts: nothing is downloaded. */
const SYSTEM_FONTS = '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';
