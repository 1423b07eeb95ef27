import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { defineEnum } from '../../platform/enum';
import { DateRangeInput, PageInfo } from '../../platform/graphql-types';
import { DateScalar } from '../../platform/scalars';
import type { ServiceItemRow } from '../hours/service-item.type';
import { pricedByParent } from '../../platform/list-caps';

/** What an issued certificate certifies, stored as issued (the content hash is over this JSON). */
export interface CertificateContent {
  title: string;
  number: string;
  issuedOn: string;
  organization: { name: string };
  volunteer: { name: string; idNumber: string | null };
  period: { from: string; to: string };
  totals: { minutes: number; hours: number; personTimes: number };
  items: Omit<ServiceItemRow, 'minutes' | 'note'>[];
}

/**
 * 志愿服务记录证明: an immutable snapshot. Scalars come from the stored content; volunteer,
 * organization, supersededBy and the URLs are field resolvers.
 */
@ObjectType('Certificate', { implements: Node })
export class Certificate extends Node {
  @Field(() => String, { description: 'Unique per issuing organization.' })
  number!: string;

  @Field(() => DateScalar)
  periodFrom!: string;

  @Field(() => DateScalar)
  periodTo!: string;

  @Field(() => Date)
  issuedAt!: Date;

  @Field(() => String, { description: 'SHA-256 of the stored content.' })
  contentHash!: string;

  @Field(() => String, { description: 'Printed on the certificate; with the number it answers verifyCertificate.' })
  verificationCode!: string;

  @Field(() => Boolean)
  superseded!: boolean;
}

export interface CertificateRow {
  id: number;
  organizationId: number;
  volunteerId: number;
  number: string;
  periodFrom: string;
  periodTo: string;
  content: CertificateContent;
  contentHash: string;
  verificationCode: string;
  issuedBy: number | null;
  issuedAt: Date;
  supersededBy: number | null;
  supersededAt: Date | null;
  superseded: boolean;
}

/** The certified totals and lines, read from the snapshot. */
@ObjectType('CertificateContent')
export class CertificateContentType {
  @Field(() => String)
  volunteerName!: string;

  @Field(() => String, { nullable: true, description: 'Masked as on the certificate.' })
  idNumber!: string | null;

  @Field(() => String)
  organizationName!: string;

  @Field(() => Float)
  hours!: number;

  @Field(() => Int)
  personTimes!: number;

  /** The certified lines; CertificateContent.items (certificate.resolver) pages them. */
  items!: ServiceItemRow[];
}

@InputType('IssueCertificateInput')
export class IssueCertificateInput {
  @Field(() => ID, { nullable: true, description: "A volunteer's certificate request to fulfil (then the rest comes from it)." })
  requestId?: string | null;

  @Field(() => ID, { nullable: true })
  volunteerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The issuing organization.' })
  organizationId?: string | null;

  @Field(() => DateRangeInput, { nullable: true, description: 'Both ends required.' })
  period?: DateRangeInput | null;
}

@ObjectType('CertificateVerification', { description: 'What anyone may learn from a certificate number and its verification code.' })
export class CertificateVerification {
  @Field(() => Boolean)
  valid!: boolean;

  @Field(() => DateScalar, { nullable: true })
  issuedOn!: string | null;

  @Field(() => String, { nullable: true })
  issuingOrganization!: string | null;

  @Field(() => String, { nullable: true, description: 'The volunteer\'s name with all but the first and last character hidden.' })
  maskedName!: string | null;

  @Field(() => Float, { nullable: true })
  totalHours!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Reissued: a newer certificate replaces this one.' })
  superseded!: boolean | null;
}

@ObjectType('CertificateEdge')
export class CertificateEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Certificate)
  node!: unknown;
}

@ObjectType('CertificateConnection')
export class CertificateConnection {
  @Field(() => [CertificateEdge], { complexity: pricedByParent })
  edges!: unknown[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

export const CERTIFICATE_REQUEST_STATUSES = ['PENDING', 'ISSUED', 'DECLINED'] as const;
export type CertificateRequestStatus = (typeof CERTIFICATE_REQUEST_STATUSES)[number];
export const CertificateRequestStatus = defineEnum('CertificateRequestStatus', CERTIFICATE_REQUEST_STATUSES);

/** A volunteer asking one of their organizations for a certificate; volunteer, organization, certificate resolve. */
@ObjectType('CertificateRequest', { implements: Node })
export class CertificateRequest extends Node {
  @Field(() => DateScalar)
  periodFrom!: string;

  @Field(() => DateScalar)
  periodTo!: string;

  @Field(() => CertificateRequestStatus)
  status!: CertificateRequestStatus;

  @Field(() => String, { nullable: true, description: 'Why it was declined.' })
  decisionNote!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}

export interface CertificateRequestRow {
  id: number;
  volunteerId: number;
  organizationId: number;
  periodFrom: string;
  periodTo: string;
  status: CertificateRequestStatus;
  certificateId: number | null;
  decisionNote: string | null;
  createdAt: Date;
}

@ObjectType('CertificateRequestEdge')
export class CertificateRequestEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => CertificateRequest)
  node!: unknown;
}

@ObjectType('CertificateRequestConnection')
export class CertificateRequestConnection {
  @Field(() => [CertificateRequestEdge], { complexity: pricedByParent })
  edges!: unknown[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
