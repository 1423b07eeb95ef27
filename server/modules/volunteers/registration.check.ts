import type { MessageKey } from '../../platform/i18n';
import type { Prepared } from './registration.rows';
import { rejectedRow, TAKEN, type RegistrationReport, type RowResult } from './registration.results';
import { IdentityIndex } from './volunteer.identity';

/** Two rows of one request giving one number to two different people. */
const CLASH_MESSAGES: Record<'mobile' | 'idNumber', MessageKey> = { mobile: 'registration.clashMobile', idNumber: 'registration.clashIdNumber' };

/**
 * A dry run: every check a row can fail on its own (normalized formats, grids the caller may use)
 * and against the other rows of the request (the same person twice, one number for two people).
 * People on record are not looked up: whether someone is on the platform is learnt only by a
 * registration that asks them, so a dry run cannot be used to probe quietly.
 */
export function checkBatch(rows: Prepared[]): RegistrationReport {
  const index = new IdentityIndex<number>();
  const results = rows.map((r, i): RowResult => {
    if (!r.ok) return rejectedRow(i, 'BAD_USER_INPUT', r.field, r.message, r.problem);
    const identity = index.identify({ mobile: r.value.mobile, name: r.value.name, idNumberHash: r.idNumberHash });
    if (identity.kind === 'duplicate') return rejectedRow(i, 'DUPLICATE', identity.field, CLASH_MESSAGES[identity.field], TAKEN[identity.field]);
    const base = { row: i, volunteer: null, errorCode: null, errorField: null, errorReason: null, differences: [] };
    if (identity.kind === 'same') {
      if (r.idNumberHash && identity.person.idNumberHash == null) index.addIdNumber(identity.person, r.idNumberHash);
      return { ...base, outcome: 'SAME_AS_ROW', sameAsRow: identity.person.ref, message: { key: 'registration.sameAsRow', params: { row: identity.person.ref } } };
    }
    index.add({ mobile: r.value.mobile, name: r.value.name, idNumberHash: r.idNumberHash, ref: i });
    return { ...base, outcome: 'CHECKED', sameAsRow: null, message: 'registration.checked' };
  });
  return { results, registered: 0, awaitingConfirmation: 0, rejected: results.filter((r) => r.outcome === 'REJECTED').length };
}
