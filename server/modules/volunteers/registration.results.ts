import type { Message } from '../../platform/i18n';
import type { RowDifference } from './registration.differences';
import type { RowProblem } from './volunteer.validation';
import type { VolunteerRow } from './volunteer.type';

/** What happened to a row, in the registrar's terms. */
export type RegistrationOutcome =
  | 'CREATED' | 'AFFILIATED' | 'ALREADY_REGISTERED' | 'AWAITING_CONFIRMATION' | 'SAME_AS_ROW' | 'REJECTED' | 'NOT_SAVED' | 'CHECKED';

/** Why a row was refused, for programs: a problem with a field, or a number that is someone else's. */
export type RejectionReason = RowProblem | 'MOBILE_TAKEN' | 'ID_NUMBER_TAKEN';

export interface RegistrationOptions {
  /** Keep going past rejected rows (false) or save nothing if one is rejected (true). */
  atomic: boolean;
  /** Apply what a row says that the record of a person the organization already holds does not. */
  update: boolean;
  /** Check every row, look nobody up, save nothing. */
  dryRun: boolean;
}

export interface RowResult<M = Message> {
  row: number;
  outcome: RegistrationOutcome;
  volunteer: VolunteerRow | null;
  errorCode: 'BAD_USER_INPUT' | 'DUPLICATE' | null;
  errorField: string | null;
  errorReason: RejectionReason | null;
  /** Rendered in the caller's language by the resolver. */
  message: M | null;
  /** For SAME_AS_ROW: the earlier row naming the same person. */
  sameAsRow: number | null;
  /** What the row says that the matched person's record does not, and whether it was applied. */
  differences: RowDifference[];
}

export interface RegistrationReport<M = Message> {
  results: RowResult<M>[];
  registered: number;
  awaitingConfirmation: number;
  rejected: number;
}

export const rejectedRow = (row: number, errorCode: 'BAD_USER_INPUT' | 'DUPLICATE', errorField: string, message: Message, errorReason: RejectionReason): RowResult =>
  ({ row, outcome: 'REJECTED', volunteer: null, errorCode, errorField, errorReason, message, sameAsRow: null, differences: [] });

export const TAKEN: Record<'mobile' | 'idNumber', RejectionReason> = { mobile: 'MOBILE_TAKEN', idNumber: 'ID_NUMBER_TAKEN' };
