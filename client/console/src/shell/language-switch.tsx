import { Segmented } from 'antd';
import { useLanguage, type Language } from '../i18n/language';

/** 中文 / EN: the console's labels and the API's messages follow it; the choice is remembered. */
export function LanguageSwitch() {
  const { language, setLanguage } = useLanguage();
  return (
    <Segmented<Language> size="small" value={language} onChange={setLanguage} data-testid="language-switch"
      options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en' }]} />
  );
}
