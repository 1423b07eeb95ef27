import { AssignVolunteerDocument, CheckInDocument, CheckOutDocument, type DutyType } from '../../../client/generated/graphql';
import type { GraphQLTestClient } from '../client';
import { createShift, shanghaiTime, type Person } from './shifts';

/** A shift on `gridId` that `person` served from `from` to `to` (Shanghai time) on `day`: completed, hours credited. */
export async function servedShift(by: GraphQLTestClient, gridId: string, person: Pick<Person, 'id'>, day: string, from: string, to: string, duty: DutyType = 'CHECKPOINT'): Promise<void> {
  const shift = await createShift(by, gridId, { duty, startsAt: shanghaiTime(day, from), endsAt: shanghaiTime(day, to), capacity: 5 });
  const { assignVolunteer } = await by.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id });
  await by.ok(CheckInDocument, { assignmentId: assignVolunteer.id, at: shanghaiTime(day, from) });
  await by.ok(CheckOutDocument, { assignmentId: assignVolunteer.id, at: shanghaiTime(day, to) });
}
