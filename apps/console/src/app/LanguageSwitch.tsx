import { useI18n } from '../i18n/i18n';

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('nav.language')}</span>
      <select
        value={language}
        onChange={(event) => setLanguage(event.target.value === 'zh' ? 'zh' : 'en')}
        aria-label={t('nav.language')}
      >
        <option value="en">English</option>
        <option value="zh">中文</option>
      </select>
    </label>
  );
}
