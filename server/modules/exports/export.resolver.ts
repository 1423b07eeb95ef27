import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId, fromGlobalIdOrNull } from '../../platform/ids';
import { DateScalar } from '../../platform/scalars';
import { TallyInput, VolunteerTotalsInput } from '../hours/hours.type';
import { DownloadLink, downloadLink } from './download';
import { exportDeps } from './export.downloads';
import { certificateRegisterExport, rosterExport, tallyExport, volunteerTotalsExport, type PreparedExport } from './export.service';
import { ExportFormat, ExportLanguage } from './export.type';

const FORMAT = { nullable: true, defaultValue: 'CSV' } as const;
const LANGUAGE = { nullable: true, defaultValue: 'ZH' } as const;

function filters(input: { range?: { from?: string | null; to?: string | null } | null; organizationId?: string | null; teamId?: string | null; gridId?: string | null }) {
  return {
    range: input.range ?? null,
    organizationId: fromGlobalIdOrNull(input.organizationId, 'Organization', 'input.organizationId'),
    teamId: fromGlobalIdOrNull(input.teamId, 'Team', 'input.teamId'),
    gridId: fromGlobalIdOrNull(input.gridId, 'Grid', 'input.gridId'),
  };
}

/**
 * Export links: scope is checked now (NOT_FOUND for anything unseen, as the queries answer) and
 * again when the link is fetched; the file streams, CSV with a BOM or XLSX, Chinese headers unless EN.
 */
@Resolver()
export class ExportResolver {
  private async link(ctx: Context, kind: string, params: Record<string, unknown>, prepare: () => Promise<PreparedExport>, format: ExportFormat) {
    const prepared = await prepare();
    return downloadLink(ctx, requireViewer(ctx), kind, { ...params, format }, `${prepared.name}.${format.toLowerCase()}`);
  }

  @Query(() => DownloadLink, { description: 'The tally (as `tally` answers it) as a file.' })
  tallyExport(
    @Arg('input', () => TallyInput) input: TallyInput,
    @Arg('format', () => ExportFormat, FORMAT) format: ExportFormat,
    @Arg('language', () => ExportLanguage, LANGUAGE) language: ExportLanguage,
    @Ctx() ctx: Context,
  ): Promise<DownloadLink> {
    const request = { groupBy: input.groupBy, ...filters(input) };
    return this.link(ctx, 'tally', { request, language }, () => tallyExport(exportDeps(ctx.deps), requireViewer(ctx), request, language), format);
  }

  @Query(() => DownloadLink, { description: 'Hours and person-times per volunteer you may see (mobiles masked), as a file.' })
  volunteerTotalsExport(
    @Arg('input', () => VolunteerTotalsInput) input: VolunteerTotalsInput,
    @Arg('format', () => ExportFormat, FORMAT) format: ExportFormat,
    @Arg('language', () => ExportLanguage, LANGUAGE) language: ExportLanguage,
    @Ctx() ctx: Context,
  ): Promise<DownloadLink> {
    const request = filters(input);
    return this.link(ctx, 'volunteer-totals', { request, language }, () => volunteerTotalsExport(exportDeps(ctx.deps), requireViewer(ctx), request, language), format);
  }

  @Query(() => DownloadLink, { description: "A day's roster of a grid and the grids below it, as a file." })
  rosterExport(
    @Arg('gridId', () => ID) gridId: string,
    @Arg('date', () => DateScalar) date: string,
    @Arg('format', () => ExportFormat, FORMAT) format: ExportFormat,
    @Arg('language', () => ExportLanguage, LANGUAGE) language: ExportLanguage,
    @Ctx() ctx: Context,
  ): Promise<DownloadLink> {
    const params = { gridId: fromGlobalId(gridId, 'Grid', 'gridId'), date };
    return this.link(ctx, 'roster', { ...params, language }, () => rosterExport(exportDeps(ctx.deps), requireViewer(ctx), params, language), format);
  }

  @Query(() => DownloadLink, { description: "An organization's certificate register, as a file (for its admins and coordinators)." })
  certificateRegisterExport(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('format', () => ExportFormat, FORMAT) format: ExportFormat,
    @Arg('language', () => ExportLanguage, LANGUAGE) language: ExportLanguage,
    @Ctx() ctx: Context,
  ): Promise<DownloadLink> {
    const id = fromGlobalId(organizationId, 'Organization', 'organizationId');
    return this.link(ctx, 'certificate-register', { organizationId: id, language }, () => certificateRegisterExport(exportDeps(ctx.deps), requireViewer(ctx), id, language), format);
  }
}
