import { Kind, visit, type DocumentNode, type FieldNode } from 'graphql';
import type { GraphQLError } from 'graphql';
import type { LiveConnection } from '../../platform/ws';
import type { Viewer } from '../auth/viewer';
import type { FeedName, LiveFilter } from './live-feed';
import { RoutingIndex } from './roster-routing';

/** What a subscription asks for, apart from who asks: its document, variables and filter. */
export interface LiveQuery {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  /** Which subscription of the shared log: rosterChanged's or requestChanged's. */
  feed: FeedName;
  filter: LiveFilter;
  /** Equal for two subscriptions whose every event would execute to the same result for one viewer. */
  key: string;
}

/** One subscription: where its frames go and where it stands in the log. */
export interface LiveSubscriber {
  accountId: number;
  query: LiveQuery;
  group: RosterGroup;
  connection: LiveConnection;
  /** `{"id":…,"type":"next","payload":` for this subscription's operation id. */
  prefix: Buffer;
  /** Live events at or before this position are not for it (it replays them, or started after). */
  from: number;
  /** Frames held while its replay runs; null once it is live. */
  held: [position: number, payload: Buffer][] | null;
  ended: boolean;
  end(error?: GraphQLError): void;
}

/**
 * Subscriptions that receive the same bytes: same document and variables, and viewers of the
 * same scope. Each event is filtered, executed and serialized once per group.
 */
export class RosterGroup {
  readonly members = new Set<LiveSubscriber>();

  constructor(readonly key: string, readonly query: LiveQuery, readonly scopeKey: string, public viewer: Viewer) {}
}

/**
 * Everything about a viewer that decides what they may see and how it is masked: their roles and
 * their own volunteer record. The account id is left out on purpose, so that the screens of a
 * town's coordinators share one fan-out; shared execution refuses to read it (see scopeViewer).
 */
export function scopeKeyOf(viewer: Viewer): string {
  const { accountId: _accountId, tokenVersion: _tokenVersion, grants, ...rest } = viewer;
  const roles = grants.map((g) => `${g.role}@${g.organizationId}:${g.path}`).sort();
  return JSON.stringify([roles, stableEntries(rest)]);
}

/** The group's viewer for shared execution: reading the account id would make bytes per account. */
export function scopeViewer(viewer: Viewer): Viewer {
  return {
    ...viewer,
    get accountId(): number {
      throw new Error('A field read the viewer\'s account id during shared live fan-out; add what it depends on to scopeKeyOf.');
    },
  };
}

/**
 * The query key: the document's text, the operation name, and the variables except the one that
 * only carries the root field's `after` (each subscriber's own resume point, not part of what an
 * event executes to).
 */
export function liveQueryKey(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined, root: FieldNode): string {
  const after = root.arguments?.find((a) => a.name.value === 'after')?.value;
  const afterVariable = after?.kind === Kind.VARIABLE ? after.name.value : null;
  const shared = { ...(variables ?? {}) };
  if (afterVariable && usesOf(document, afterVariable) === 1) delete shared[afterVariable];
  return JSON.stringify([document.loc?.source.body ?? document, operationName ?? null, stableEntries(shared)]);
}

function usesOf(document: DocumentNode, variable: string): number {
  let uses = 0;
  visit(document, { Variable: (node) => { if (node.name.value === variable) uses++; } });
  return uses - 1; // the declaration `$after: String` counts once
}

function stableEntries(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stableEntries);
  if (value && typeof value === 'object') return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, stableEntries(v)]);
  return value;
}

/** Groups by (query, scope), filed in their feed's routing index by their filter. */
export class GroupRegistry {
  private readonly groups = new Map<string, RosterGroup>();
  readonly routing: Record<FeedName, RoutingIndex<RosterGroup>> = { roster: new RoutingIndex(), requests: new RoutingIndex() };

  get size(): number {
    return this.groups.size;
  }

  join(subscriber: Omit<LiveSubscriber, 'group'> & { group?: RosterGroup }, viewer: Viewer): RosterGroup {
    const scopeKey = scopeKeyOf(viewer);
    const key = `${subscriber.query.key}\u0000${scopeKey}`;
    let group = this.groups.get(key);
    if (!group) {
      group = new RosterGroup(key, subscriber.query, scopeKey, viewer);
      this.groups.set(key, group);
      this.routing[subscriber.query.feed].add(group, subscriber.query.filter);
    }
    subscriber.group = group;
    subscriber.query = group.query; // one copy of the document, variables and key per group
    group.members.add(subscriber as LiveSubscriber);
    return group;
  }

  leave(subscriber: LiveSubscriber): void {
    const { group } = subscriber;
    group.members.delete(subscriber);
    if (group.members.size > 0 || this.groups.get(group.key) !== group) return;
    this.groups.delete(group.key);
    this.routing[group.query.feed].remove(group, group.query.filter);
  }
}
