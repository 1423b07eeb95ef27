import { Field, Float, ObjectType } from 'type-graphql';
import { defineEnum } from '../../platform/enum';
import { DateScalar } from '../../platform/scalars';
import { DutyType } from '../shifts/shift.type';

export const SERVICE_ITEM_KINDS = ['SERVICE', 'ADJUSTMENT'] as const;
export type ServiceItemKind = (typeof SERVICE_ITEM_KINDS)[number];
export const ServiceItemKind = defineEnum('ServiceItemKind', SERVICE_ITEM_KINDS, {
  SERVICE: 'A completed assignment or door-to-door run: its credited time and one person-time.',
  ADJUSTMENT: 'A correction of hours (no person-time).',
});

/** One line of a service record: where and when, what duty, how long. */
@ObjectType('ServiceItem')
export class ServiceItem {
  @Field(() => ServiceItemKind)
  kind!: ServiceItemKind;

  @Field(() => DateScalar, { description: 'The day it counts on (the shift start, Asia/Shanghai).' })
  date!: string;

  @Field(() => DutyType, { nullable: true })
  duty!: string | null;

  @Field(() => String, { nullable: true, description: 'The grid (post) it took place on.' })
  place!: string | null;

  @Field(() => Float)
  hours!: number;

  @Field(() => String, { nullable: true, description: "An adjustment's reason." })
  note!: string | null;
}

export type ServiceItemRow = {
  kind: ServiceItemKind;
  date: string;
  duty: string | null;
  place: string | null;
  hours: number;
  /** Exact, for totals (hours are rounded per line). */
  minutes: number;
  personTimes: number;
  note: string | null;
};
