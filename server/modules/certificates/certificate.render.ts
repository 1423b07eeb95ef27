import type { Printable } from '../../platform/printable';
import { dutyLabel } from '../hours/duty-labels';
import type { CertificateRow } from './certificate.type';

const hours = (n: number) => n.toFixed(2);

/** The certificate as printed: the stored snapshot only, so a later correction never shows on it. */
export function certificatePrintable(row: CertificateRow): Printable {
  const c = row.content;
  return {
    title: c.title,
    facts: [
      ['证书编号', c.number],
      ['姓名', c.volunteer.name],
      ['身份证号', c.volunteer.idNumber ?? '未登记'],
      ['出具单位', c.organization.name],
      ['服务期间', `${c.period.from} 至 ${c.period.to}`],
      ['服务时长', `${hours(c.totals.hours)} 小时`],
      ['服务人次', String(c.totals.personTimes)],
      ['出具日期', c.issuedOn],
    ],
    table: {
      headers: ['日期', '服务项目', '服务地点', '时长（小时）'],
      rows: c.items.map((item) => [item.date, dutyLabel(item.duty), item.place ?? '—', hours(item.hours)]),
      widths: [2, 2, 4, 2],
    },
    footer: [
      `兹证明 ${c.volunteer.name} 于上述期间在 ${c.organization.name} 参加志愿服务，累计服务 ${hours(c.totals.hours)} 小时。`,
      `验证码：${row.verificationCode}（可凭证书编号与验证码核验）`,
      `内容摘要（SHA-256）：${row.contentHash}`,
      ...(row.superseded ? ['本证明已被重新出具的证明取代。'] : []),
    ],
  };
}
