import type { RoutedEventRow } from './log-batch.queries';
import type { LiveFilter } from './live-feed';

/**
 * Which live groups an event could concern, decided in memory so that a batch costs database work
 * only for groups it may match. Each group is filed under its most selective filter field; the
 * group's SQL check (selectVisibleEvents) then applies the whole filter and the viewer's scope.
 * Grid and organization trees are append-only (migration 0001), so an event's ancestors, read with
 * the batch, decide subtree filters exactly.
 */
type Route =
  | { by: 'shift' | 'request' | 'volunteer' | 'grid' | 'organization'; id: number }
  | { by: 'team' | 'all' };

export function routeOf(filter: LiveFilter): Route {
  if (filter.shiftId != null) return { by: 'shift', id: filter.shiftId };
  if (filter.requestId != null) return { by: 'request', id: filter.requestId };
  if (filter.volunteerId != null) return { by: 'volunteer', id: filter.volunteerId };
  if (filter.gridId != null) return { by: 'grid', id: filter.gridId };
  if (filter.organizationId != null) return { by: 'organization', id: filter.organizationId };
  if (filter.teamId != null) return { by: 'team' };
  return { by: 'all' };
}

const pathIds = (path: string): number[] => path.split('.').map(Number);

export class RoutingIndex<G> {
  private readonly keyed = {
    shift: new Map<number, Set<G>>(), request: new Map<number, Set<G>>(), volunteer: new Map<number, Set<G>>(),
    grid: new Map<number, Set<G>>(), organization: new Map<number, Set<G>>(),
  };
  private readonly team = new Set<G>();
  private readonly all = new Set<G>();

  add(group: G, filter: LiveFilter): void {
    const route = routeOf(filter);
    if (!('id' in route)) {
      this[route.by].add(group);
      return;
    }
    const map = this.keyed[route.by];
    const set = map.get(route.id) ?? new Set<G>();
    set.add(group);
    map.set(route.id, set);
  }

  remove(group: G, filter: LiveFilter): void {
    const route = routeOf(filter);
    if (!('id' in route)) {
      this[route.by].delete(group);
      return;
    }
    const map = this.keyed[route.by];
    const set = map.get(route.id);
    set?.delete(group);
    if (set?.size === 0) map.delete(route.id);
  }

  /** For each group that may match, the batch's events it may match, in log order. */
  candidates(batch: RoutedEventRow[]): Map<G, RoutedEventRow[]> {
    const found = new Map<G, RoutedEventRow[]>();
    const file = (groups: Iterable<G> | undefined, event: RoutedEventRow) => {
      if (!groups) return;
      for (const group of groups) {
        const events = found.get(group);
        if (!events) found.set(group, [event]);
        else if (events.at(-1) !== event) events.push(event);
      }
    };
    for (const event of batch) {
      file(this.all, event);
      if (event.shiftId != null) file(this.keyed.shift.get(event.shiftId), event);
      if (event.requestId != null) file(this.keyed.request.get(event.requestId), event);
      for (const id of event.volunteerIds) file(this.keyed.volunteer.get(id), event);
      for (const id of pathIds(event.gridPath)) file(this.keyed.grid.get(id), event);
      for (const id of pathIds(event.organizationPath)) file(this.keyed.organization.get(id), event);
      if (event.assignmentId != null) file(this.team, event);
    }
    return found;
  }
}
