import { defineEnum } from '../../platform/enum';

export const EXPORT_FORMATS = ['CSV', 'XLSX'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const ExportFormat = defineEnum('ExportFormat', EXPORT_FORMATS, { CSV: 'UTF-8 with a byte-order mark, so Excel opens Chinese text.' });

export const EXPORT_LANGUAGES = ['ZH', 'EN'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];
export const ExportLanguage = defineEnum('ExportLanguage', EXPORT_LANGUAGES, { ZH: 'Chinese column headers and labels (the default).' });
