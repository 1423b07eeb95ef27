import { AssignVolunteerBriefDocument, CancelAssignmentDocument, CheckInBriefDocument, CheckOutBriefDocument, MarkNoShowDocument } from '../../client/sdk';
import { inParallel, inTurn, type DemoClient } from './gql';
import type { ShiftRef } from './shifts';
import type { Volunteer } from './volunteers';

export interface Assignment {
  id: string;
  status: string;
}

/** Hands out people not used yet, so nobody is seated twice at once or past the rest limit. */
export class Pool {
  private readonly taken = new Set<string>();
  pick(people: Volunteer[], count: number, fits: (v: Volunteer) => boolean = () => true): Volunteer[] {
    const chosen = people.filter((v) => !this.taken.has(v.id) && fits(v)).slice(0, count);
    if (chosen.length < count) throw new Error(`demo: not enough volunteers left for a roster (wanted ${count}, found ${chosen.length})`);
    chosen.forEach((v) => this.taken.add(v.id));
    return chosen;
  }
}

export const has = (skill: string) => (v: Volunteer) => v.skills.includes(skill);
/** Counsellors are kept for the hotline. */
export const notSkilled = (v: Volunteer) => !v.skills.includes('psychology');

/** Seats (or waitlists) each person on the shift, in order. */
export async function assign(client: DemoClient, shift: ShiftRef, people: Volunteer[], label: string): Promise<Assignment[]> {
  return assignMany(client, people.map((v) => ({ shift, volunteer: v })), label);
}

/**
 * Many seats on many shifts, the answers in the order given. Each shift's seats are taken one
 * after another, so who is seated and who waits is as listed; different shifts go side by side.
 */
export async function assignMany(client: DemoClient, seats: { shift: ShiftRef; volunteer: Volunteer }[], label: string): Promise<Assignment[]> {
  const byShift = new Map<string, number[]>();
  seats.forEach((seat, i) => byShift.set(seat.shift.id, [...(byShift.get(seat.shift.id) ?? []), i]));
  const results: Assignment[] = [];
  await inParallel([...byShift.values()], (indexes) => inTurn(indexes, async (i) => {
    const { assignVolunteer } = await client.request(AssignVolunteerBriefDocument, { shiftId: seats[i].shift.id, volunteerId: seats[i].volunteer.id })
      .catch(labelled(label));
    results[i] = assignVolunteer;
  }));
  return results;
}

/** Adds which step of the demo failed to an error's message. */
const labelled = (label: string) => (error: Error): never => {
  if (label) error.message = `${error.message} (${label})`;
  throw error;
};

export interface Attendance {
  assignment: Assignment;
  at: Date;
}

/**
 * Staff record arrivals (or departures) they saw, each at its own time, never later than now:
 * the API refuses a time in the future.
 */
export async function record(client: DemoClient, field: 'checkIn' | 'checkOut', items: Attendance[], label: string): Promise<Assignment[]> {
  return inParallel(items, async ({ assignment, at }) => {
    const variables = { assignmentId: assignment.id, at: new Date(Math.min(at.getTime(), Date.now() - 1000)).toISOString() };
    return field === 'checkIn'
      ? (await client.request(CheckInBriefDocument, variables).catch(labelled(label))).checkIn
      : (await client.request(CheckOutBriefDocument, variables).catch(labelled(label))).checkOut;
  });
}

/** The same time for everyone in the list. */
export async function attend(client: DemoClient, field: 'checkIn' | 'checkOut', assignments: Assignment[], at: Date, label = ''): Promise<Assignment[]> {
  return record(client, field, assignments.map((assignment) => ({ assignment, at })), label);
}

export async function markNoShow(client: DemoClient, assignment: Assignment): Promise<Assignment> {
  return (await client.request(MarkNoShowDocument, { assignmentId: assignment.id })).markNoShow;
}

export async function cancel(client: DemoClient, assignment: Assignment, reason: string): Promise<Assignment> {
  return (await client.request(CancelAssignmentDocument, { id: assignment.id, reason })).cancelAssignment;
}
