import { Arg, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId, fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import type { Page } from '../../platform/pagination';
import { Assignment } from '../assignments/assignment.type';
import { Volunteer, type VolunteerRow } from '../volunteers/volunteer.type';
import { HourAdjustment } from './hours.type';
import {
  HoursCorrectionRequest, HoursCorrectionRequestConnection, HoursCorrectionRequestInput, HoursCorrectionStatus,
  type CorrectionRequestRow, type CorrectionStatus,
} from './correction-request.type';
import { pageCost } from '../../platform/list-caps';
import {
  approveHoursCorrection, listHoursCorrections, rejectHoursCorrection, requestHoursCorrection,
} from './correction-request.service';

@Resolver(() => HoursCorrectionRequest)
export class CorrectionRequestResolver {
  @FieldResolver(() => ID)
  id(@Root() row: CorrectionRequestRow): string {
    return toGlobalId('HoursCorrectionRequest', row.id);
  }

  @FieldResolver(() => Volunteer)
  volunteer(@Root() row: CorrectionRequestRow, @Ctx() ctx: Context) {
    return ctx.loaders.nodes.Volunteer?.(row.volunteerId) ?? null;
  }

  @FieldResolver(() => Assignment, { nullable: true })
  assignment(@Root() row: CorrectionRequestRow, @Ctx() ctx: Context) {
    return row.assignmentId == null ? null : ctx.loaders.nodes.Assignment?.(row.assignmentId) ?? null;
  }

  @FieldResolver(() => Float, { description: 'Hours recorded for the assignment or period, as you may see them.' })
  recordedHours(@Root() row: CorrectionRequestRow, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.corrections.recordedHours.load(row.id);
  }

  @FieldResolver(() => HourAdjustment, { nullable: true, description: 'What an approval appended.' })
  async adjustment(@Root() row: CorrectionRequestRow, @Ctx() ctx: Context) {
    const id = await ctx.loaders.corrections.adjustmentId.load(row.id);
    return id == null ? null : ctx.loaders.hours.adjustmentById.load(id);
  }

  @Query(() => HoursCorrectionRequestConnection, {
    description: "Correction requests you may decide (or your own), oldest first. A correction participant's only for their correction office.",
    complexity: pageCost(50),
  })
  hoursCorrectionRequests(
    @Arg('status', () => HoursCorrectionStatus, { nullable: true, defaultValue: 'PENDING' }) status: CorrectionStatus | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<Page<CorrectionRequestRow>> {
    return listHoursCorrections(ctx.db, requireViewer(ctx), { status, volunteerId: null, first, after });
  }

  @Mutation(() => HoursCorrectionRequest, { description: 'A volunteer asks for a correction of their own hours: one assignment, or a period.' })
  requestHoursCorrection(@Arg('input', () => HoursCorrectionRequestInput) input: HoursCorrectionRequestInput, @Ctx() ctx: Context) {
    return requestHoursCorrection(ctx.db, requireViewer(ctx), {
      assignmentId: fromGlobalIdOrNull(input.assignmentId, 'Assignment', 'input.assignmentId'),
      period: input.period ?? null, hours: input.hours, reason: input.reason,
    });
  }

  @Mutation(() => HoursCorrectionRequest, {
    description: 'Grants a request by appending an adjustment tied to it: `hours` if given, else the claimed hours less what is recorded.',
  })
  approveHoursCorrection(
    @Arg('id', () => ID) id: string,
    @Arg('hours', () => Float, { nullable: true }) hours: number | null,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ) {
    return approveHoursCorrection(ctx.db, requireViewer(ctx), { id: fromGlobalId(id, 'HoursCorrectionRequest'), hours, note });
  }

  @Mutation(() => HoursCorrectionRequest)
  rejectHoursCorrection(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: Context) {
    return rejectHoursCorrection(ctx.db, requireViewer(ctx), { id: fromGlobalId(id, 'HoursCorrectionRequest'), reason });
  }
}

@Resolver(() => Volunteer)
export class VolunteerCorrectionRequestsResolver {
  @FieldResolver(() => HoursCorrectionRequestConnection, { description: "This volunteer's correction requests you may see, oldest first.", complexity: pageCost(50) })
  hoursCorrectionRequests(
    @Root() row: VolunteerRow,
    @Arg('status', () => HoursCorrectionStatus, { nullable: true }) status: CorrectionStatus | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<Page<CorrectionRequestRow>> {
    return listHoursCorrections(ctx.db, requireViewer(ctx), { status, volunteerId: row.id, first, after });
  }
}
