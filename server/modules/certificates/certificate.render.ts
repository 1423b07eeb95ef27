import { translator, type Language } from '../../platform/i18n';
import type { Printable } from '../../platform/printable';
import { exportLanguageOf } from '../exports/export.type';
import { dutyLabel } from '../hours/duty-labels';
import type { CertificateRow } from './certificate.type';

const hours = (n: number) => n.toFixed(2);

/**
 * The certificate as printed: the stored snapshot only, so a later correction never shows on it.
 * Chinese is the document as issued; English is a rendering of the same facts for those who need it.
 */
export function certificatePrintable(row: CertificateRow, language: Language = 'zh-CN'): Printable {
  const t = translator(language);
  const c = row.content;
  const total = hours(c.totals.hours);
  return {
    language,
    title: language === 'zh-CN' ? c.title : t('certificate.title'),
    facts: [
      [t('certificate.number'), c.number],
      [t('certificate.name'), c.volunteer.name],
      [t('certificate.idNumber'), c.volunteer.idNumber ?? t('certificate.idNumberNone')],
      [t('certificate.issuer'), c.organization.name],
      [t('certificate.period'), t({ key: 'printable.periodValue', params: { from: c.period.from, to: c.period.to } })],
      [t('certificate.hours'), t({ key: 'printable.hoursValue', params: { hours: total } })],
      [t('certificate.personTimes'), String(c.totals.personTimes)],
      [t('certificate.issuedOn'), c.issuedOn],
    ],
    table: {
      headers: [t('printable.date'), t('printable.duty'), t('printable.place'), t('printable.hoursColumn')],
      rows: c.items.map((item) => [item.date, dutyLabel(item.duty, exportLanguageOf(language)), item.place ?? '—', hours(item.hours)]),
      widths: [2, 2, 4, 2],
    },
    footer: [
      t({ key: 'certificate.statement', params: { name: c.volunteer.name, organization: c.organization.name, hours: total } }),
      t({ key: 'certificate.verification', params: { code: row.verificationCode } }),
      t({ key: 'certificate.contentHash', params: { hash: row.contentHash } }),
      ...(row.superseded ? [t('certificate.superseded')] : []),
    ],
  };
}
