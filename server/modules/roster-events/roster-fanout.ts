import type { EventEmitter } from 'node:events';
import type postgres from 'postgres';
import pLimit from 'p-limit';
import { execute, GraphQLError, type ExecutionResult, type FieldNode, type FormattedExecutionResult, type GraphQLSchema } from 'graphql';
import type { Db } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import { UnauthenticatedError } from '../../platform/errors';
import { LiveConnection } from '../../platform/ws';
import type { Viewer } from '../auth/viewer';
import { loadViewers } from '../auth/viewer.loader';
import type { RoutedEventRow } from './log-batch.queries';
import type { FeedName, LiveFeed } from './live-feed';
import { GroupRegistry, liveQueryKey, scopeKeyOf, scopeViewer, type LiveQuery, type LiveSubscriber, type RosterGroup } from './roster-groups';
import { RosterLogReader } from './roster-log-reader';
import { SubscribedViewers } from './roster-viewers';

export interface FanoutOptions {
  schema: GraphQLSchema;
  /** The live pool: nothing here reads on the request pool. */
  db: Db;
  sql: postgres.Sql;
  /** The log reader's own connection (ticks and batches). */
  reader: Db;
  committed: EventEmitter;
  logger: Logger;
  /** A resolver context for executing as `viewer` (fresh loaders on the live pool). */
  contextFor(viewer: Viewer): unknown;
  formatResult(result: ExecutionResult): FormattedExecutionResult;
  /** An account holding subscriptions changed (roles, status, sign-out): re-check its sockets. */
  onViewerChanged(accountId: number): void;
  /** The subscriptions of the log (rosterChanged's, requestChanged's) and what each may read. */
  feeds: Record<FeedName, LiveFeed>;
}

export interface LiveRequest {
  connection: LiveConnection;
  operationId: string;
  viewer: Viewer;
  query: Omit<LiveQuery, 'key'>;
  root: FieldNode;
  /** The log position to resume after, or null to start at the head. */
  after: number | null;
}

/** Frames a subscriber may have held back while its replay runs before it counts as too slow. */
const MAX_HELD = 2000;
const REPLAY_PAGE = 200;

/**
 * Live rosters for the whole process: one log reader, and fan-out done once per group of
 * subscriptions that would receive the same bytes (same document and variables, viewers of the
 * same scope). For each batch: route events to candidate groups in memory, re-read the viewers
 * of those groups' accounts if PostgreSQL said they changed, check each candidate group's events
 * with the same SQL as `rosterEvents` (one statement per group), execute and serialize once per
 * group, and write those bytes to every member's socket. Idle subscriptions cost no database
 * work; a closed one leaves nothing behind.
 */
export class RosterFanout {
  private readonly groups = new GroupRegistry();
  private readonly viewers = new SubscribedViewers();
  private readonly reader: RosterLogReader;
  private readonly perGroup = pLimit(4);
  private subscribers = 0;
  private listening: postgres.ListenMeta | null = null;

  constructor(private readonly options: FanoutOptions) {
    this.reader = new RosterLogReader({
      db: options.reader, sql: options.sql, committed: options.committed, logger: options.logger,
      deliver: (batch) => this.dispatch(batch),
      wanted: () => this.subscribers > 0,
    });
  }

  async start(): Promise<void> {
    // A lost listening connection may have missed changes: every kept viewer is re-read.
    this.listening = await this.options.sql.listen('viewer_changed', (payload) => this.viewerChanged(Number(payload)), () => this.viewers.invalidate());
    await this.reader.start();
  }

  async stop(): Promise<void> {
    await this.listening?.unlisten().catch(() => {});
    await this.reader.stop();
  }

  /** Live subscriptions in this process (tests and health checks). */
  get size(): number {
    return this.subscribers;
  }

  private viewerChanged(accountId: number): void {
    this.viewers.invalidate(accountId);
    // A socket of that account with no subscription (it only ran queries) is re-checked too, so a
    // logout or a disabled account closes it now rather than at the next periodic re-check.
    this.options.onViewerChanged(accountId);
  }

  /** Registers a subscription; the stream ends when it is completed, closed or refused later. */
  subscribe(request: LiveRequest): AsyncIterableIterator<never> {
    const query: LiveQuery = { ...request.query, key: liveQueryKey(request.query.document, request.query.operationName, request.query.variableValues, request.root) };
    const head = this.reader.position;
    const replayFrom = request.after != null && request.after < head ? request.after : null;
    let finish!: (error?: GraphQLError) => void;
    const ended = new Promise<void>((resolve, reject) => { finish = (error) => (error ? reject(error) : resolve()); });
    const subscriber: Omit<LiveSubscriber, 'group'> = {
      accountId: request.viewer.accountId, query, connection: request.connection,
      prefix: LiveConnection.nextPrefix(request.operationId),
      from: Math.max(head, request.after ?? head),
      held: replayFrom != null ? [] : null,
      ended: false,
      end: (error) => {
        if (subscriber.ended) return;
        subscriber.ended = true;
        finish(error);
      },
    };
    const member = subscriber as LiveSubscriber;
    this.groups.join(subscriber, request.viewer);
    this.viewers.hold(request.viewer);
    this.subscribers++;
    if (replayFrom != null) void this.replay(member, request.viewer, replayFrom, head);
    return this.stream(member, ended);
  }

  /**
   * The subscription's stream as graphql-ws holds it: it yields nothing (the fan-out writes the
   * frames) and ends when the subscription does. A plain iterator, not an async generator: a
   * generator waiting inside an `await` cannot be returned early, so a client's `complete` or a
   * closed socket would never reach the cleanup.
   */
  private stream(subscriber: LiveSubscriber, ended: Promise<void>): AsyncIterableIterator<never> {
    let cleaned = false;
    const cleanup = () => {
      if (cleaned) return;
      cleaned = true;
      subscriber.ended = true;
      subscriber.held = null;
      this.groups.leave(subscriber);
      this.viewers.release(subscriber.accountId);
      this.subscribers--;
    };
    const done = { done: true as const, value: undefined as never };
    return {
      [Symbol.asyncIterator]() { return this; },
      next: () => ended.then(() => done, (error) => { cleanup(); throw error; }).finally(cleanup),
      // end() first: it settles the pending next(), so graphql-ws's loop over this stream finishes too.
      return: async () => {
        subscriber.end();
        cleanup();
        return done;
      },
      throw: async (error) => {
        subscriber.end();
        cleanup();
        throw error;
      },
    };
  }

  /** Sends what the subscriber missed (after, upTo] as its own viewer, then what was held meanwhile. */
  private async replay(subscriber: LiveSubscriber, viewer: Viewer, after: number, upTo: number): Promise<void> {
    const feed = this.options.feeds[subscriber.query.feed];
    try {
      for (let cursor = after; cursor < upTo && !subscriber.ended;) {
        const rows = await feed.visible(this.options.db, viewer, subscriber.query.filter, { after: cursor, limit: REPLAY_PAGE, upTo });
        if (rows.length === 0) break;
        const payloads = await this.executeAll(subscriber.query, viewer, rows);
        for (const payload of payloads) subscriber.connection.sendNext(subscriber.prefix, payload);
        cursor = rows.at(-1)!.position;
        if (rows.length < REPLAY_PAGE) break;
      }
      for (const [position, payload] of subscriber.held ?? []) {
        if (position > subscriber.from) subscriber.connection.sendNext(subscriber.prefix, payload);
      }
      subscriber.held = null;
    } catch (error) {
      this.fail([subscriber], error);
    }
  }

  private async dispatch(batch: RoutedEventRow[]): Promise<void> {
    const feeds = Object.entries(this.options.feeds) as [FeedName, LiveFeed][];
    const parts = feeds.map(([name, feed]) => [name, batch.filter((e) => feed.carries(e))] as const).filter(([, events]) => events.length);
    const route = () => new Map(parts.flatMap(([name, events]) => [...this.groups.routing[name].candidates(events)]));
    let targets = route();
    if (targets.size === 0) return;
    if (await this.refreshViewers([...targets.keys()])) targets = route();
    await Promise.all([...targets].map(([group, events]) => this.perGroup(() => this.dispatchGroup(group, events))));
  }

  private async dispatchGroup(group: RosterGroup, events: RoutedEventRow[]): Promise<void> {
    try {
      const feed = this.options.feeds[group.query.feed];
      const rows = await feed.visible(this.options.db, group.viewer, group.query.filter, { positions: events.map((e) => e.position) });
      if (rows.length === 0) return;
      const payloads = await this.executeAll(group.query, group.viewer, rows);
      rows.forEach((row, i) => {
        for (const member of group.members) deliver(member, row.position, payloads[i]);
      });
    } catch (error) {
      this.fail([...group.members], error);
    }
  }

  /**
   * Re-reads the viewers of the candidate groups' accounts that changed since they were read, so a
   * changed role applies to this batch: a member whose scope changed moves to the group of its new
   * scope, one whose account is gone ends. True when any member moved (the caller routes again).
   */
  private async refreshViewers(groups: RosterGroup[]): Promise<boolean> {
    const members = groups.flatMap((g) => [...g.members]);
    const stale = this.viewers.stale(members.map((m) => m.accountId));
    if (stale.length === 0) return false;
    const fresh = await loadViewers(this.options.db, stale);
    for (const [accountId, viewer] of fresh) this.viewers.refreshed(accountId, viewer);
    let moved = false;
    for (const member of members.filter((m) => stale.includes(m.accountId))) {
      const viewer = fresh.get(member.accountId);
      if (!viewer) {
        member.end(new UnauthenticatedError('rosterEvents.accountCannotSignIn'));
      } else if (scopeKeyOf(viewer) === member.group.scopeKey) {
        member.group.viewer = viewer;
      } else {
        this.groups.leave(member);
        this.groups.join(member, viewer);
        moved = true;
      }
    }
    return moved;
  }

  /** Executes the subscription's document once per event as `viewer`'s scope, serialized once. */
  private async executeAll(query: LiveQuery, viewer: Viewer, events: { position: number }[]): Promise<Buffer[]> {
    const contextValue = this.options.contextFor(scopeViewer(viewer));
    const results = await Promise.all(events.map((event) => execute({
      schema: this.options.schema, document: query.document, operationName: query.operationName,
      variableValues: query.variableValues, rootValue: event, contextValue,
    })));
    return results.map((result) => Buffer.from(JSON.stringify(this.options.formatResult(result))));
  }

  /** A subscriber that missed events because of a fault ends with an error; it resumes from its cursor. */
  private fail(subscribers: LiveSubscriber[], error: unknown): void {
    this.options.logger.error({ err: error }, 'live delivery failed; ending the affected subscriptions');
    for (const subscriber of subscribers) subscriber.end(new GraphQLError('Live delivery failed; resubscribe with your last cursor.', { extensions: { code: 'INTERNAL' } }));
  }
}

function deliver(member: LiveSubscriber, position: number, payload: Buffer): void {
  if (member.ended || position <= member.from) return;
  if (!member.held) {
    member.connection.sendNext(member.prefix, payload);
    return;
  }
  member.held.push([position, payload]);
  if (member.held.length > MAX_HELD) member.connection.close(4503, 'Slow consumer: resubscribe with your last cursor');
}
