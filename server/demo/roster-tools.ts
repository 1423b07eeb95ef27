import type { DemoClient } from './gql';
import type { ShiftRef } from './shifts';
import type { Volunteer } from './volunteers';

export interface Assignment {
  id: string;
  status: string;
}

/** What the demo reads back from every roster mutation. */
export const A = '{ id status }';

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

/** Many seats on many shifts in one go, in the order given. */
export async function assignMany(client: DemoClient, seats: { shift: ShiftRef; volunteer: Volunteer }[], label: string): Promise<Assignment[]> {
  return client.batch<Assignment>(`assignVolunteer ${label}`, 'assignVolunteer', { shiftId: 'ID!', volunteerId: 'ID!' },
    seats.map((s) => ({ shiftId: s.shift.id, volunteerId: s.volunteer.id })), A);
}

export interface Attendance {
  assignment: Assignment;
  at: Date;
}

/**
 * Staff record arrivals (or departures) they saw, each at its own time, never later than now:
 * the API refuses a time in the future.
 */
export async function record(client: DemoClient, field: 'checkIn' | 'checkOut', items: Attendance[], label: string): Promise<Assignment[]> {
  return client.batch<Assignment>(`${field} ${label}`, field, { assignmentId: 'ID!', at: 'DateTime' },
    items.map((i) => ({ assignmentId: i.assignment.id, at: new Date(Math.min(i.at.getTime(), Date.now() - 1000)).toISOString() })), A);
}

/** The same time for everyone in the list. */
export async function attend(client: DemoClient, field: 'checkIn' | 'checkOut', assignments: Assignment[], at: Date, label = ''): Promise<Assignment[]> {
  return record(client, field, assignments.map((assignment) => ({ assignment, at })), label);
}

export async function markNoShow(client: DemoClient, assignment: Assignment): Promise<Assignment> {
  const { markNoShow: row } = await client.run<{ markNoShow: Assignment }>('markNoShow', `mutation($id: ID!) { markNoShow(assignmentId: $id) ${A} }`, { id: assignment.id });
  return row;
}

export async function cancel(client: DemoClient, assignment: Assignment, reason: string): Promise<Assignment> {
  const { cancelAssignment: row } = await client.run<{ cancelAssignment: Assignment }>('cancelAssignment',
    `mutation($id: ID!, $reason: String) { cancelAssignment(id: $id, reason: $reason) ${A} }`, { id: assignment.id, reason });
  return row;
}
