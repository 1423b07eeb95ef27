import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { DateRangeInput } from '../../platform/graphql-types';
import { fromGlobalId, fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import type { Page } from '../../platform/pagination';
import { Organization, type OrganizationRow } from '../organizations/organization.type';
import { Volunteer, type VolunteerRow } from '../volunteers/volunteer.type';
import { downloadLink } from '../exports/download';
import { ExportLanguage } from '../exports/export.type';

/** A certificate is issued in Chinese; the English page is asked for. */
const PAGE_LANGUAGE = { nullable: true, defaultValue: 'ZH' } as const;
import {
  Certificate, CertificateConnection, CertificateContentType, CertificateRequest, CertificateRequestConnection, CertificateRequestStatus,
  CertificateVerification, IssueCertificateInput, type CertificateRequestRow, type CertificateRow,
} from './certificate.type';
import {
  declineCertificateRequest, issueCertificate, listCertificates, listRequests, reissueCertificate, requestCertificate,
} from './certificate.service';
import { verifyCertificate, type Verification } from './verification.service';
import { cappedList, firstArg, firstOf, pageCost } from '../../platform/list-caps';
import { ServiceItem, type ServiceItemRow } from '../hours/service-item.type';
import { SERVICE_ITEMS } from '../hours/service-record.queries';

@Resolver(() => Certificate)
export class CertificateResolver {
  @FieldResolver(() => ID)
  id(@Root() row: CertificateRow): string {
    return toGlobalId('Certificate', row.id);
  }

  @FieldResolver(() => Volunteer, { nullable: true })
  volunteer(@Root() row: CertificateRow, @Ctx() ctx: Context) {
    return ctx.loaders.nodes.Volunteer?.(row.volunteerId) ?? null;
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The issuing organization.' })
  organization(@Root() row: CertificateRow, @Ctx() ctx: Context) {
    return ctx.loaders.organizations.visibleById.load(row.organizationId);
  }

  @FieldResolver(() => CertificateContentType, { description: 'What was certified, exactly as issued.' })
  content(@Root() row: CertificateRow): CertificateContentType {
    const c = row.content;
    return {
      volunteerName: c.volunteer.name, idNumber: c.volunteer.idNumber, organizationName: c.organization.name,
      hours: c.totals.hours, personTimes: c.totals.personTimes, items: c.items.map((i) => ({ ...i, minutes: 0, note: null })),
    };
  }

  @FieldResolver(() => Certificate, { nullable: true, description: 'The certificate that reissued this one.' })
  supersededBy(@Root() row: CertificateRow, @Ctx() ctx: Context) {
    return row.supersededBy == null ? null : ctx.loaders.certificates.visibleById.load(row.supersededBy);
  }

  @FieldResolver(() => String, { description: 'Printable page: a short-lived signed link for you (relative to the API origin). Chinese as issued, or an English rendering with language: EN.' })
  async htmlUrl(@Root() row: CertificateRow, @Arg('language', () => ExportLanguage, PAGE_LANGUAGE) language: ExportLanguage, @Ctx() ctx: Context): Promise<string> {
    return (await downloadLink(ctx, requireViewer(ctx), 'certificate', { id: row.id, format: 'html', language }, `${row.number}.html`)).url;
  }

  @FieldResolver(() => String, { description: 'PDF: a short-lived signed link for you (relative to the API origin). Chinese as issued, or an English rendering with language: EN.' })
  async pdfUrl(@Root() row: CertificateRow, @Arg('language', () => ExportLanguage, PAGE_LANGUAGE) language: ExportLanguage, @Ctx() ctx: Context): Promise<string> {
    return (await downloadLink(ctx, requireViewer(ctx), 'certificate', { id: row.id, format: 'pdf', language }, `${row.number}.pdf`)).url;
  }

  @Mutation(() => Certificate, { description: "Issues a 志愿服务记录证明 for the organization's recorded service of a volunteer in a period." })
  issueCertificate(@Arg('input', () => IssueCertificateInput) input: IssueCertificateInput, @Ctx() ctx: Context) {
    return issueCertificate(ctx.db, requireViewer(ctx), {
      requestId: fromGlobalIdOrNull(input.requestId, 'CertificateRequest', 'input.requestId'),
      volunteerId: fromGlobalIdOrNull(input.volunteerId, 'Volunteer', 'input.volunteerId'),
      organizationId: fromGlobalIdOrNull(input.organizationId, 'Organization', 'input.organizationId'),
      period: input.period ?? null,
    });
  }

  @Mutation(() => Certificate, { description: 'Issues a new certificate (new number, the record as it stands) and marks this one superseded.' })
  reissueCertificate(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return reissueCertificate(ctx.db, requireViewer(ctx), fromGlobalId(id, 'Certificate'));
  }

  @Query(() => CertificateVerification, { description: 'Public (no token, rate-limited): checks a certificate number against its verification code.' })
  verifyCertificate(@Arg('number', () => String) number: string, @Arg('code', () => String) code: string, @Ctx() ctx: Context): Promise<Verification> {
    return verifyCertificate(ctx.db, ctx.clientAddress, { number, code });
  }
}

@Resolver(() => CertificateRequest)
export class CertificateRequestResolver {
  @FieldResolver(() => ID)
  id(@Root() row: CertificateRequestRow): string {
    return toGlobalId('CertificateRequest', row.id);
  }

  @FieldResolver(() => Volunteer, { nullable: true })
  volunteer(@Root() row: CertificateRequestRow, @Ctx() ctx: Context) {
    return ctx.loaders.nodes.Volunteer?.(row.volunteerId) ?? null;
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() row: CertificateRequestRow, @Ctx() ctx: Context) {
    return ctx.loaders.organizations.visibleById.load(row.organizationId);
  }

  @FieldResolver(() => Certificate, { nullable: true })
  certificate(@Root() row: CertificateRequestRow, @Ctx() ctx: Context) {
    return row.certificateId == null ? null : ctx.loaders.certificates.visibleById.load(row.certificateId);
  }

  @Query(() => CertificateRequestConnection, { description: "Certificate requests: your own, or your organizations' to decide; oldest first.", complexity: pageCost(50) })
  certificateRequests(
    @Arg('organizationId', () => ID, { nullable: true }) organizationId: string | null,
    @Arg('status', () => CertificateRequestStatus, { nullable: true, defaultValue: 'PENDING' }) status: CertificateRequestRow['status'] | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<Page<CertificateRequestRow>> {
    return listRequests(ctx.db, requireViewer(ctx), { organizationId: fromGlobalIdOrNull(organizationId, 'Organization', 'organizationId'), status, first, after });
  }

  @Mutation(() => CertificateRequest, { description: 'A volunteer asks one of their organizations for a certificate of a period.' })
  requestCertificate(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('period', () => DateRangeInput) period: DateRangeInput,
    @Ctx() ctx: Context,
  ) {
    return requestCertificate(ctx.db, requireViewer(ctx), { organizationId: fromGlobalId(organizationId, 'Organization', 'organizationId'), period });
  }

  @Mutation(() => CertificateRequest)
  declineCertificateRequest(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: Context) {
    return declineCertificateRequest(ctx.db, requireViewer(ctx), { id: fromGlobalId(id, 'CertificateRequest'), reason });
  }
}

@Resolver(() => Volunteer)
export class VolunteerCertificatesResolver {
  @FieldResolver(() => CertificateConnection, { description: "This volunteer's certificates you may see, newest first.", complexity: pageCost(50) })
  certificates(
    @Root() row: VolunteerRow,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<Page<CertificateRow>> {
    return listCertificates(ctx.db, requireViewer(ctx), { volunteerId: row.id, first, after });
  }
}

@Resolver(() => Organization)
export class OrganizationCertificatesResolver {
  @FieldResolver(() => CertificateConnection, { description: "Certificates this organization issued (for its staff), newest first.", complexity: pageCost(50) })
  certificates(
    @Root() row: OrganizationRow,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<Page<CertificateRow>> {
    return listCertificates(ctx.db, requireViewer(ctx), { organizationId: row.id, first, after });
  }
}

@Resolver(() => CertificateContentType)
export class CertificateContentResolver {
  @FieldResolver(() => [ServiceItem], cappedList(SERVICE_ITEMS, 'The certified service lines, oldest first.'))
  items(@Root() content: CertificateContentType, @Arg('first', () => Int, firstArg(SERVICE_ITEMS)) first: number | null): ServiceItemRow[] {
    return firstOf(content.items, first, SERVICE_ITEMS);
  }
}
