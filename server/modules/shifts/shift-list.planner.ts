import { performance } from 'node:perf_hooks';
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { Context } from '../../context';
import { FALL_BACK, type PlannedField } from '../../platform/compiled-execution';
import { fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import { firstOf } from '../../platform/list-caps';
import { canProject, project, type Projections } from '../../platform/projection';
import type { SelectedField } from '../../platform/selections';
import { SHIFT_ROSTER } from '../assignments/assignment.type';
import { rosterEntriesOf, waitlistCounts, type RosterEntry, type RosterVolunteer } from '../assignments/roster.queries';
import { maskMobile } from '../volunteers/volunteer.validation';
import { listShifts, type ShiftQuery } from './shift.service';
import type { ShiftRow } from './shift.type';

/** A shift of the page with what its field resolvers would have loaded for it. */
type PlannedShift = ShiftRow & { plannedRoster: RosterEntry[]; plannedWaitlisted: number };

/** An instant PostgreSQL wrote as ISO text, as the Date the DateTime scalar serializes. */
const instant = (text: string | null) => (text == null ? null : new Date(text));

/**
 * What the roster page's fields answer, each exactly as its resolver does (shift.resolver.ts,
 * roster.resolver.ts, assignment.resolver.ts, volunteer.resolver.ts): a field missing here sends
 * the whole operation to the resolvers.
 */
const PROJECTIONS: Projections = {
  ShiftConnection: { plain: ['edges', 'pageInfo', 'totalCount'] },
  ShiftEdge: { plain: ['cursor', 'node'] },
  PageInfo: { plain: ['hasNextPage', 'endCursor'] },
  Shift: {
    plain: ['title', 'duty', 'location', 'startsAt', 'endsAt', 'capacity', 'filled', 'requiredSkills', 'requiresPartyMember', 'status', 'cancelReason'],
    computed: {
      id: (shift: PlannedShift) => toGlobalId('Shift', shift.id),
      waitlisted: (shift: PlannedShift) => shift.plannedWaitlisted,
      roster: (shift: PlannedShift, args) => firstOf(shift.plannedRoster, args.first as number | null, SHIFT_ROSTER),
    },
  },
  Assignment: {
    plain: ['status', 'hours', 'volunteer'],
    computed: {
      id: (entry: RosterEntry) => toGlobalId('Assignment', entry.id),
      createdAt: (entry: RosterEntry) => instant(entry.createdAt),
      checkedInAt: (entry: RosterEntry) => instant(entry.checkedInAt),
      checkedOutAt: (entry: RosterEntry) => instant(entry.checkedOutAt),
    },
  },
  Volunteer: {
    plain: ['name', 'partyMember', 'skills'],
    computed: {
      id: (volunteer: RosterVolunteer) => toGlobalId('Volunteer', volunteer.id),
      mobile: (volunteer: RosterVolunteer) => (volunteer.mobileInFull ? volunteer.mobile : maskMobile(volunteer.mobile)),
    },
  },
};

/** Whether `name` is selected anywhere below these fields. */
function selects(fields: readonly SelectedField[], name: string): boolean {
  return fields.some((f) => f.name === name || (f.fields != null && selects(f.fields, name)));
}

const pastDeadline = (ctx: Context) => performance.now() >= ctx.deadline;

/**
 * Query.shifts answered in a fixed number of statements whatever the page size: the page (the
 * service's own, its count only when totalCount is asked), then every roster with its volunteers, scope and masking decided in
 * PostgreSQL, and the waitlist counts. Anything unusual — no viewer, bad arguments, a deadline
 * passed, a field below it that only a resolver knows — falls back to the resolvers, so errors
 * come from the one code path that has always produced them.
 */
export function planShiftList(schema: GraphQLSchema, field: SelectedField): PlannedField<Context> | null {
  const connection = schema.getType('ShiftConnection') as GraphQLObjectType;
  if (!field.fields || !canProject(PROJECTIONS, connection, field.fields)) return null;
  const fields = field.fields;
  const wantsRoster = selects(fields, 'roster');
  const wantsWaitlisted = selects(fields, 'waitlisted');
  const wantsCount = selects(fields, 'totalCount');
  return {
    async run(ctx) {
      const viewer = ctx.viewer;
      if (!viewer || pastDeadline(ctx)) return FALL_BACK;
      try {
        const filter = field.args.filter as ShiftQuery & { gridId?: string | null };
        const gridId = fromGlobalIdOrNull(filter.gridId, 'Grid', 'filter.gridId');
        const args = { first: field.args.first as number | null, after: field.args.after as string | null };
        const page = await listShifts(ctx.db, viewer, gridId, filter, args, { count: wantsCount });
        const ids = page.edges.map((edge) => edge.node.id);
        const [roster, waitlisted] = await Promise.all([
          wantsRoster && ids.length ? rosterEntriesOf(ctx.db, viewer, ids, SHIFT_ROSTER.max) : new Map<number, RosterEntry[]>(),
          wantsWaitlisted && ids.length ? waitlistCounts(ctx.db, ids) : new Map<number, number>(),
        ]);
        if (pastDeadline(ctx)) return FALL_BACK;
        const edges = page.edges.map((edge) => ({
          cursor: edge.cursor, node: { ...edge.node, plannedRoster: roster.get(edge.node.id) ?? [], plannedWaitlisted: waitlisted.get(edge.node.id) ?? 0 },
        }));
        return project(schema, PROJECTIONS, connection, fields, { ...page, edges });
      } catch {
        return FALL_BACK;
      }
    },
  };
}
