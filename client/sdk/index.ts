/**
 * The gridroster SDK: typed GraphQL over HTTP with a bearer token, live rosters over graphql-ws
 * that survive dropped connections, and errors carrying the API's code, field and reason. The
 * operations are the generated documents of client/operations (re-exported here).
 */
export { GridrosterClient, sourceOf, type ClientOptions, type ExecutionResult } from './client';
export { GridrosterError, TransportError, type ErrorCode } from './errors';
export {
  TERMINAL_CLOSE_CODES, watchRoster, type Backoff, type RosterEvent, type RosterWatch, type RosterWatchHandlers, type RosterWatchOptions,
  type WatchState, type WatchStatus,
} from './roster-watch';
export * from '../generated/graphql';
