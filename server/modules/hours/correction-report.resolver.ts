import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { cappedList, firstArg, firstOf } from '../../platform/list-caps';
import { ServiceItem, type ServiceItemRow } from './service-item.type';
import { SERVICE_ITEMS } from './service-record.queries';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId } from '../../platform/ids';
import { Organization } from '../organizations/organization.type';
import { Volunteer } from '../volunteers/volunteer.type';
import { downloadLink } from '../exports/download';
import { ExportFormat, ExportLanguage } from '../exports/export.type';
import { CorrectionServiceReport, type CorrectionReportRow } from './correction-report.type';
import { correctionReport } from './correction-report.service';

/** The report is the office's, in Chinese; English pages and headers are asked for. */
const PAGE_LANGUAGE = { nullable: true, defaultValue: 'ZH' } as const;

@Resolver(() => CorrectionServiceReport)
export class CorrectionReportResolver {
  @Query(() => CorrectionServiceReport, {
    description: "A correction office's monthly record of one participant's service, every line wherever it took place. Its correction officers only.",
  })
  correctionServiceReport(
    @Arg('officeId', () => ID) officeId: string,
    @Arg('volunteerId', () => ID) volunteerId: string,
    @Arg('month', () => String, { description: 'YYYY-MM' }) month: string,
    @Ctx() ctx: Context,
  ): Promise<CorrectionReportRow> {
    return correctionReport(ctx.db, requireViewer(ctx), {
      officeId: fromGlobalId(officeId, 'Organization', 'officeId'), volunteerId: fromGlobalId(volunteerId, 'Volunteer', 'volunteerId'), month,
    });
  }

  @FieldResolver(() => [ServiceItem], cappedList(SERVICE_ITEMS, 'Every line of the month, wherever it took place, oldest first.'))
  items(@Root() row: CorrectionReportRow, @Arg('first', () => Int, firstArg(SERVICE_ITEMS)) first: number | null): ServiceItemRow[] {
    return firstOf(row.items, first, SERVICE_ITEMS);
  }

  @FieldResolver(() => Organization)
  office(@Root() row: CorrectionReportRow, @Ctx() ctx: Context) {
    return ctx.loaders.organizations.visibleById.load(row.officeId);
  }

  @FieldResolver(() => Volunteer)
  volunteer(@Root() row: CorrectionReportRow, @Ctx() ctx: Context) {
    return ctx.loaders.nodes.Volunteer?.(row.volunteerId) ?? null;
  }

  private async url(row: CorrectionReportRow, ctx: Context, format: string, language: ExportLanguage, extension: string): Promise<string> {
    const params = { officeId: row.officeId, volunteerId: row.volunteerId, month: row.month, format, language };
    return (await downloadLink(ctx, requireViewer(ctx), 'correction-report', params, `report-${row.month}.${extension}`)).url;
  }

  @FieldResolver(() => String, { description: 'Printable page: a short-lived signed link for you (Chinese, or English with language: EN).' })
  htmlUrl(@Root() row: CorrectionReportRow, @Arg('language', () => ExportLanguage, PAGE_LANGUAGE) language: ExportLanguage, @Ctx() ctx: Context): Promise<string> {
    return this.url(row, ctx, 'html', language, 'html');
  }

  @FieldResolver(() => String, { description: 'PDF: a short-lived signed link for you (Chinese, or English with language: EN).' })
  pdfUrl(@Root() row: CorrectionReportRow, @Arg('language', () => ExportLanguage, PAGE_LANGUAGE) language: ExportLanguage, @Ctx() ctx: Context): Promise<string> {
    return this.url(row, ctx, 'pdf', language, 'pdf');
  }

  @FieldResolver(() => String, { description: 'The lines as CSV or XLSX: a short-lived signed link for you.' })
  exportUrl(
    @Root() row: CorrectionReportRow,
    @Arg('format', () => ExportFormat, { nullable: true, defaultValue: 'CSV' }) format: ExportFormat,
    @Arg('language', () => ExportLanguage, PAGE_LANGUAGE) language: ExportLanguage,
    @Ctx() ctx: Context,
  ): Promise<string> {
    return this.url(row, ctx, format, language, format.toLowerCase());
  }
}
