import type { ExportLanguage } from '../../api/sdk';

/** The API's files (exports, certificates, reports) in the language on screen. */
export const exportLanguage = (language: string): ExportLanguage => (language === 'en' ? 'EN' : 'ZH');

/** Opens a download link the API signed (relative to its origin): the browser saves the file. */
export function openDownload(url: string) {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
}
