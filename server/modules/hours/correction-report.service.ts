import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import type { Printable } from '../../platform/printable';
import { translator, type Language } from '../../platform/i18n';
import { exportLanguageOf } from '../exports/export.type';
import { seesCorrection, type Viewer } from '../auth/viewer';
import { dutyLabel } from './duty-labels';
import { serviceItems } from './service-record.queries';
import type { CorrectionReportRow } from './correction-report.type';

/** YYYY-MM → its first and last day. */
export function monthRange(month: string): { from: string; to: string } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new BadUserInputError('dates.monthFormat', 'month');
  const last = new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/**
 * The office (a correction office the viewer is a correction officer of) and one of its
 * participants, or NOT_FOUND for either — exactly as for ones that do not exist.
 */
async function officeAndParticipant(db: DbOrTx, viewer: Viewer, officeId: number, volunteerId: number) {
  const [office] = await db.execute<{ name: string; path: string }>(sql`
    select name, path::text as path from organizations where id = ${officeId} and kind = 'CORRECTION_OFFICE'`);
  if (!office || !seesCorrection(viewer, office.path)) throw new NotFoundError('Organization');
  const [person] = await db.execute<{ name: string }>(sql`
    select v.name from volunteers v where v.id = ${volunteerId} and (
      exists (select 1 from volunteer_affiliations a where a.volunteer_id = v.id and a.organization_id = ${officeId} and a.confirmed_at is not null)
      or exists (select 1 from team_memberships m join teams t on t.id = m.team_id
                  where m.volunteer_id = v.id and m.left_at is null and t.organization_id = ${officeId}))`);
  if (!person) throw new NotFoundError('Volunteer');
  return { officeName: office.name, volunteerName: person.name };
}

/** One participant's month for their correction office: every service line and adjustment. */
export async function correctionReport(db: DbOrTx, viewer: Viewer, input: { officeId: number; volunteerId: number; month: string }): Promise<CorrectionReportRow> {
  const range = monthRange(input.month);
  const names = await officeAndParticipant(db, viewer, input.officeId, input.volunteerId);
  const items = await serviceItems(db, viewer, input.volunteerId, range, 10_000);
  const minutes = items.reduce((sum, i) => sum + i.minutes, 0);
  return {
    ...names, officeId: input.officeId, volunteerId: input.volunteerId, month: input.month, ...range, items,
    hours: Math.round((minutes / 60) * 100) / 100, personTimes: items.reduce((sum, i) => sum + i.personTimes, 0),
  };
}

export function correctionReportPrintable(report: CorrectionReportRow, language: Language = 'zh-CN'): Printable {
  const t = translator(language);
  return {
    language,
    title: t('correctionReport.title'),
    facts: [
      [t('correctionReport.office'), report.officeName],
      [t('certificate.name'), report.volunteerName],
      [t('correctionReport.month'), report.month],
      [t('certificate.hours'), t({ key: 'printable.hoursValue', params: { hours: report.hours.toFixed(2) } })],
      [t('certificate.personTimes'), String(report.personTimes)],
    ],
    table: {
      headers: [t('printable.date'), t('printable.duty'), t('printable.place'), t('printable.hoursColumn'), t('printable.note')],
      rows: report.items.map((i) => [i.date, dutyLabel(i.duty, exportLanguageOf(language)), i.place ?? '—', i.hours.toFixed(2), i.note ?? '']),
      widths: [2, 2, 3, 2, 3],
    },
    footer: [t('correctionReport.confidential')],
  };
}
