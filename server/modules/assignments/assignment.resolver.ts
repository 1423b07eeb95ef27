import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { NotFoundError } from '../../platform/errors';
import { fromGlobalId, toGlobalId } from '../../platform/ids';
import { Shift, type ShiftRow } from '../shifts/shift.type';
import { Volunteer, type VolunteerRow } from '../volunteers/volunteer.type';
import { Assignment, type AssignmentRow } from './assignment.type';
import { assignVolunteer, cancelAssignment, markNoShow, signUpForShift } from './assignment.service';
import { checkIn, checkInWithCode, checkOut } from './attendance.service';

@Resolver(() => Assignment)
export class AssignmentResolver {
  @FieldResolver(() => ID)
  id(@Root() row: AssignmentRow): string {
    return toGlobalId('Assignment', row.id);
  }

  @FieldResolver(() => Shift)
  async shift(@Root() row: AssignmentRow, @Ctx() ctx: Context): Promise<ShiftRow> {
    const shift = await ctx.loaders.shifts.visibleById.load(row.shiftId);
    if (!shift) throw new NotFoundError('Shift');
    return shift;
  }

  @FieldResolver(() => Volunteer)
  async volunteer(@Root() row: AssignmentRow, @Ctx() ctx: Context): Promise<VolunteerRow> {
    const volunteer = await ctx.loaders.volunteers.visibleById.load(row.volunteerId);
    if (!volunteer) throw new NotFoundError('Volunteer');
    return volunteer;
  }

  @FieldResolver(() => Int, { nullable: true, description: '1-based place on the waitlist while WAITLISTED, else null.' })
  async waitlistPosition(@Root() row: AssignmentRow, @Ctx() ctx: Context): Promise<number | null> {
    if (row.status !== 'WAITLISTED') return null;
    return (await ctx.loaders.assignments.waitlistPositions.load(row.shiftId)).get(row.id) ?? null;
  }

  @Mutation(() => Assignment, { description: 'Coordinator seats a volunteer, or waitlists them when the shift is full. Replaying the same idempotencyKey returns the first result.' })
  assignVolunteer(
    @Arg('shiftId', () => ID) shiftId: string,
    @Arg('volunteerId', () => ID) volunteerId: string,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<AssignmentRow> {
    const viewer = requireViewer(ctx);
    return assignVolunteer(ctx.db, viewer, {
      shiftId: fromGlobalId(shiftId, 'Shift', 'shiftId'), volunteerId: fromGlobalId(volunteerId, 'Volunteer', 'volunteerId'), idempotencyKey,
    });
  }

  @Mutation(() => Assignment, { description: 'The signed-in volunteer takes a seat, or joins the waitlist when the shift is full.' })
  signUpForShift(
    @Arg('shiftId', () => ID) shiftId: string,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<AssignmentRow> {
    const viewer = requireViewer(ctx);
    return signUpForShift(ctx.db, viewer, { shiftId: fromGlobalId(shiftId, 'Shift', 'shiftId'), idempotencyKey });
  }

  @Mutation(() => Assignment, { description: 'Frees the seat; the first on the waitlist is promoted in the same transaction.' })
  cancelAssignment(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: Context,
  ): Promise<AssignmentRow> {
    const viewer = requireViewer(ctx);
    return cancelAssignment(ctx.db, viewer, fromGlobalId(id, 'Assignment'), reason);
  }

  @Mutation(() => Assignment)
  checkIn(
    @Arg('assignmentId', () => ID) assignmentId: string,
    @Arg('at', () => Date, { nullable: true }) at: Date | null,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<AssignmentRow> {
    const viewer = requireViewer(ctx);
    return checkIn(ctx.db, viewer, { assignmentId: fromGlobalId(assignmentId, 'Assignment', 'assignmentId'), at, idempotencyKey });
  }

  @Mutation(() => Assignment)
  checkOut(
    @Arg('assignmentId', () => ID) assignmentId: string,
    @Arg('at', () => Date, { nullable: true }) at: Date | null,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<AssignmentRow> {
    const viewer = requireViewer(ctx);
    return checkOut(ctx.db, viewer, { assignmentId: fromGlobalId(assignmentId, 'Assignment', 'assignmentId'), at, idempotencyKey });
  }

  @Mutation(() => Assignment, { description: "The signed-in volunteer checks in on their own seat with the shift's six-digit code." })
  checkInWithCode(
    @Arg('shiftId', () => ID) shiftId: string,
    @Arg('code', () => String) code: string,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<AssignmentRow> {
    const viewer = requireViewer(ctx);
    return checkInWithCode(ctx.db, viewer, { shiftId: fromGlobalId(shiftId, 'Shift', 'shiftId'), code, idempotencyKey });
  }

  @Mutation(() => Assignment)
  markNoShow(@Arg('assignmentId', () => ID) assignmentId: string, @Ctx() ctx: Context): Promise<AssignmentRow> {
    const viewer = requireViewer(ctx);
    return markNoShow(ctx.db, viewer, fromGlobalId(assignmentId, 'Assignment', 'assignmentId'));
  }
}
