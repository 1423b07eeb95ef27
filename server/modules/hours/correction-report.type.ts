import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { ServiceItemRow } from './service-item.type';

/**
 * A correction office's monthly record of one participant's service: every line, wherever it took
 * place. For the office's correction officers (and platform admins) only. office, volunteer and the
 * URLs are field resolvers.
 */
@ObjectType('CorrectionServiceReport')
export class CorrectionServiceReport {
  @Field(() => String, { description: 'YYYY-MM.' })
  month!: string;

  @Field(() => Float)
  hours!: number;

  @Field(() => Int)
  personTimes!: number;
}

export interface CorrectionReportRow {
  officeId: number;
  officeName: string;
  volunteerId: number;
  volunteerName: string;
  month: string;
  from: string;
  to: string;
  hours: number;
  personTimes: number;
  items: ServiceItemRow[];
}
