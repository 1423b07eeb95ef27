import { defineEnum } from '../../platform/enum';
import type { Language } from '../../platform/i18n';

export const EXPORT_FORMATS = ['CSV', 'XLSX'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const ExportFormat = defineEnum('ExportFormat', EXPORT_FORMATS, { CSV: 'UTF-8 with a byte-order mark, so Excel opens Chinese text.' });

export const EXPORT_LANGUAGES = ['ZH', 'EN'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];
export const ExportLanguage = defineEnum('ExportLanguage', EXPORT_LANGUAGES, { ZH: 'Chinese column headers and labels (the default).' });

/** The server's language for a file or page asked for in `language`. */
export function languageOfExport(language: ExportLanguage | undefined): Language {
  return language === 'EN' ? 'en' : 'zh-CN';
}

export function exportLanguageOf(language: Language): ExportLanguage {
  return language === 'en' ? 'EN' : 'ZH';
}
