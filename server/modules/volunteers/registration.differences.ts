import type { RegistrationOutcome } from './registration.results';
import type { VolunteerRow } from './volunteer.type';
import { idNumberHint, maskIdNumber, maskMobile, type CleanVolunteer } from './volunteer.validation';

/**
 * What a registered row says about a person already on record that the record does not (yet) say.
 * A sheet only adds: skills it names that the person lacks, Party membership it marks, a home
 * grid or mobile other than the stored one, an ID number where none is stored. What a row leaves
 * out (no skills column, 否 in the Party column) says nothing, so a sheet never strips a record.
 */
export type DifferenceField = 'mobile' | 'idNumber' | 'partyMember' | 'skills' | 'homeGridId';

/** Why a difference was not applied, for programs. */
export type KeptReason = 'UPDATE_NOT_REQUESTED' | 'NOT_HELD' | 'NOT_REGISTRAR' | 'HAS_ACCOUNT' | 'MOBILE_IN_USE' | 'SAME_AS_ROW';

export interface RowDifference {
  field: DifferenceField;
  /** On record, as the caller may read it (a mobile masked unless they may read it in full); null when none or not theirs to see. */
  current: string | null;
  /** What the row gives (normalized; an ID number masked). */
  given: string;
  applied: boolean;
  reason: KeptReason | null;
}

/** The changes a row asks of a stored person, field by field. */
export interface Changes {
  mobile?: string;
  partyMember?: true;
  /** Skills to add. */
  skills?: string[];
  homeGridId?: number;
}

export function changesOf(row: CleanVolunteer, before: VolunteerRow): Changes {
  const changes: Changes = {};
  if (row.mobile !== before.mobile) changes.mobile = row.mobile;
  if (row.partyMember && !before.partyMember) changes.partyMember = true;
  const added = row.skills.filter((s) => !before.skills.includes(s));
  if (added.length) changes.skills = added;
  if (row.homeGridId != null && row.homeGridId !== before.homeGridId) changes.homeGridId = row.homeGridId;
  return changes;
}

/** What the caller may change of a person it already holds, and why not where not. */
export interface UpdateStanding {
  requested: boolean;
  outcome: RegistrationOutcome;
  /** This row is the first naming the person (later rows never change anything). */
  firstRow: boolean;
  /** The caller reads the person's personal data in full (admins of the registering organization). */
  readsInFull: boolean;
  hasAccount: boolean;
  /** Another row of the request stands for someone with this mobile. */
  mobileTaken: boolean;
}

/** Only an organization that already holds the person (directly, or through one under it) changes anything. */
const HOLDS: RegistrationOutcome[] = ['ALREADY_REGISTERED', 'AFFILIATED'];

/** A mobile is how a person signs in and receives codes: only its registrar's admins change it, and never once the person has an account. */
export function keptReason(field: DifferenceField, s: UpdateStanding): KeptReason | null {
  if (!s.firstRow) return 'SAME_AS_ROW';
  if (!HOLDS.includes(s.outcome)) return 'NOT_HELD';
  if (!s.requested) return 'UPDATE_NOT_REQUESTED';
  if (field !== 'mobile') return null;
  if (!s.readsInFull) return 'NOT_REGISTRAR';
  if (s.hasAccount) return 'HAS_ACCOUNT';
  return s.mobileTaken ? 'MOBILE_IN_USE' : null;
}

/** The changes that may be applied under this standing. */
export function permitted(changes: Changes, standing: UpdateStanding): Changes {
  const allowed: Changes = {};
  for (const field of Object.keys(changes) as (keyof Changes)[]) {
    if (keptReason(field, standing) == null) Object.assign(allowed, { [field]: changes[field] });
  }
  return allowed;
}

export interface Shown {
  readsInFull: boolean;
  /** A grid id as the API gives it, or null for a grid the caller may not see. */
  grid: (id: number | null) => string | null;
}

/** The row's differences as reported, each with whether it was applied. */
export function describe(changes: Changes, before: VolunteerRow, standing: UpdateStanding, shown: Shown): RowDifference[] {
  const out: RowDifference[] = [];
  const add = (field: DifferenceField, current: string | null, given: string) => {
    const reason = keptReason(field, standing);
    out.push({ field, current, given, applied: reason == null, reason });
  };
  if (changes.mobile) add('mobile', shown.readsInFull ? before.mobile : maskMobile(before.mobile), changes.mobile);
  if (changes.partyMember) add('partyMember', 'false', 'true');
  if (changes.skills) add('skills', before.skills.join(',') || null, changes.skills.join(','));
  if (changes.homeGridId != null) add('homeGridId', shown.grid(before.homeGridId), shown.grid(changes.homeGridId) ?? '');
  return out;
}

/** An ID number a row gave a person who had none: always stored with them (a person only asked is never described). */
export function idNumberAdded(row: CleanVolunteer): RowDifference {
  return { field: 'idNumber', current: null, given: maskIdNumber(idNumberHint(row.idNumber!)), applied: true, reason: null };
}
