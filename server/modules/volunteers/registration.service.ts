import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Keys } from '../../platform/secrets';
import type { MessageKey } from '../../platform/i18n';
import type { Viewer } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import type { OrganizationRow } from '../organizations/organization.type';
import { affiliationFacts, insertConfirmedAffiliations, requestAffiliations, type AffiliationFacts } from './affiliation.queries';
import { DUPLICATE_MESSAGES, IdentityIndex, type KnownPerson } from './volunteer.identity';
import { affiliationKnownSql, canRegisterFor } from './volunteer.policy';
import { addIdNumbers, gridIdsWhere, insertVolunteers, type IdNumberColumns, type NewVolunteer } from './volunteer.queries';
import { peopleByMobileOrIdNumber } from './volunteer.id-numbers';
import { visibleOrganization } from './volunteer.service';
import type { VolunteerRow } from './volunteer.type';
import { checkVolunteerInput, type RawVolunteer } from './volunteer.validation';
import { rejectedRow, TAKEN, type RegistrationOptions, type RegistrationOutcome, type RegistrationReport, type RowResult } from './registration.results';
import { settleDifferences } from './registration.update';
import { checkBatch } from './registration.check';
import {
  ConcurrentChange, decodeGridId, idNumberColumns, newVolunteer, prepare, retryingConcurrentDuplicates, type Accepted, type Prepared,
} from './registration.rows';

export const MAX_BATCH = 1000;

export type { RegistrationOutcome, RegistrationReport, RowResult } from './registration.results';

/** Said to the registrar. None names or hints at anything about the person beyond the row itself. */
const MESSAGES: Partial<Record<RegistrationOutcome, MessageKey>> = {
  AFFILIATED: 'registration.affiliated',
  ALREADY_REGISTERED: 'registration.alreadyRegistered',
  AWAITING_CONFIRMATION: 'registration.awaitingConfirmation',
  NOT_SAVED: 'registration.notSaved',
};

/** Where an accepted row's volunteer comes from: a stored person, or one this batch inserts. */
interface Slot {
  firstRow: number;
  /** A stored person as read before this batch changed anything. */
  before: VolunteerRow | null;
  stored: VolunteerRow | null;
  insert: NewVolunteer | null;
  /** The ID number a row of this batch gives a stored person who had none. */
  addedId: IdNumberColumns | null;
  /** Decided once every row is identified, before anything is written. */
  outcome?: RegistrationOutcome;
}

type Decided = { slot: Slot; row: number; typed: Accepted } | RowResult;

const notSavedRow = (row: number): RowResult =>
  ({ row, outcome: 'NOT_SAVED', volunteer: null, errorCode: null, errorField: null, errorReason: null, message: MESSAGES.NOT_SAVED!, sameAsRow: null, differences: [] });

/** A row naming someone this batch already knows: a stored person given an ID number here gets it, or a new row of the batch. */
function knownPerson(keys: Keys, index: IdentityIndex<Slot>, person: KnownPerson<Slot>, r: Accepted): Slot {
  if (r.idNumberHash && r.value.idNumber && person.idNumberHash == null) {
    const columns = idNumberColumns(keys, r.value.idNumber, r.idNumberHash);
    index.addIdNumber(person, r.idNumberHash);
    if (person.ref.insert) Object.assign(person.ref.insert, columns);
    else person.ref.addedId = columns;
  }
  return person.ref;
}

/** Every row against the people stored (one lookup by all mobiles and hashes) and the rows before it. */
async function identifyRows(tx: Tx, keys: Keys, rows: Prepared[], organizationId: number): Promise<Decided[]> {
  const valid = rows.filter((r) => r.ok);
  const stored = await peopleByMobileOrIdNumber(tx, keys, valid.map((r) => r.value.mobile), valid.flatMap((r) => (r.value.idNumber ? [r.value.idNumber] : [])));
  const index = new IdentityIndex<Slot>();
  for (const v of stored) index.add({ mobile: v.mobile, name: v.name, idNumberHash: v.idNumberHash, ref: { firstRow: -1, before: v, stored: v, insert: null, addedId: null } });
  return rows.map((r, i): Decided => {
    if (!r.ok) return rejectedRow(i, 'BAD_USER_INPUT', r.field, r.message, r.problem);
    const identity = index.identify({ mobile: r.value.mobile, name: r.value.name, idNumberHash: r.idNumberHash });
    if (identity.kind === 'duplicate') return rejectedRow(i, 'DUPLICATE', identity.field, DUPLICATE_MESSAGES[identity.field], TAKEN[identity.field]);
    if (identity.kind === 'same') {
      const slot = knownPerson(keys, index, identity.person, r);
      if (slot.firstRow < 0) slot.firstRow = i;
      return { slot, row: i, typed: r };
    }
    const slot: Slot = { firstRow: i, before: null, stored: null, insert: newVolunteer(keys, r, organizationId, 'ACTIVE'), addedId: null };
    index.add({ mobile: r.value.mobile, name: r.value.name, idNumberHash: r.idNumberHash, ref: slot });
    return { slot, row: i, typed: r };
  });
}

/**
 * A stored person joins the organization at once only when nothing new is revealed by it: they are
 * already with it, or with an organization under it that the caller may know of. Anyone else is
 * asked first; the organization sees only its own row until they confirm.
 */
function storedOutcome(facts: AffiliationFacts | undefined): RegistrationOutcome {
  if (facts?.withOrganization === 'CONFIRMED') return 'ALREADY_REGISTERED';
  return facts?.heldBelow ? 'AFFILIATED' : 'AWAITING_CONFIRMATION';
}

/**
 * Decides every row, then writes set-based: one insert for the new people, one for the standing
 * affiliations, one for the requests. With `atomic`, a single rejected row means nothing is written.
 */
async function writeBatch(tx: Tx, keys: Keys, viewer: Viewer, rows: Prepared[], org: OrganizationRow, options: RegistrationOptions): Promise<RegistrationReport> {
  const decided = await identifyRows(tx, keys, rows, org.id);
  const rejected = decided.filter((d): d is RowResult => 'errorCode' in d);
  if (options.atomic && rejected.length > 0) {
    const results = decided.map((d) => ('errorCode' in d ? d : notSavedRow(d.row)));
    return { results, registered: 0, awaitingConfirmation: 0, rejected: rejected.length };
  }
  const accepted = decided.filter((d): d is Exclude<Decided, RowResult> => !('errorCode' in d));
  const storedIds = [...new Set(accepted.flatMap((d) => (d.slot.stored ? [d.slot.stored.id] : [])))];
  const facts = await affiliationFacts(tx, storedIds, org, (o) => affiliationKnownSql(viewer, o));
  const slots = [...new Set(accepted.map((d) => d.slot))];
  for (const slot of slots) slot.outcome = slot.stored ? storedOutcome(facts.get(slot.stored.id)) : 'CREATED';
  const outcomeOf = (slot: Slot) => slot.outcome!;
  // An ID number is written onto a stored person only where the organization already holds them.
  for (const slot of slots) if (outcomeOf(slot) === 'AWAITING_CONFIRMATION') slot.addedId = null;
  await storePeople(tx, slots);
  await insertConfirmedAffiliations(tx, slots.filter((s) => ['CREATED', 'AFFILIATED'].includes(outcomeOf(s))).map((s) => s.stored!.id), org.id);
  const asked = accepted.filter((d) => d.slot.firstRow === d.row && outcomeOf(d.slot) === 'AWAITING_CONFIRMATION');
  await requestAffiliations(tx, asked.map((d) => ({ volunteerId: d.slot.stored!.id, name: d.typed.value.name, mobile: d.typed.value.mobile })), org.id);
  const differences = await settleDifferences(tx, viewer, accepted, options.update);
  const results = decided.map((d) => ('errorCode' in d ? d : { ...resultOf(d.row, d.slot, outcomeOf(d.slot)), differences: differences.get(d.row) ?? [] }));
  const count = (...outcomes: RegistrationOutcome[]) => results.filter((r) => outcomes.includes(r.outcome)).length;
  return { results, registered: count('CREATED', 'AFFILIATED', 'ALREADY_REGISTERED', 'SAME_AS_ROW'), awaitingConfirmation: count('AWAITING_CONFIRMATION'), rejected: rejected.length };
}

function resultOf(row: number, slot: Slot, outcome: RegistrationOutcome): RowResult {
  const hidden = outcome === 'AWAITING_CONFIRMATION';
  if (slot.firstRow !== row && !hidden) {
    return { row, outcome: 'SAME_AS_ROW', volunteer: slot.stored, errorCode: null, errorField: null, errorReason: null, message: { key: 'registration.sameAsRow', params: { row: slot.firstRow } }, sameAsRow: slot.firstRow, differences: [] };
  }
  return { row, outcome, volunteer: hidden ? null : slot.stored, errorCode: null, errorField: null, errorReason: null, message: MESSAGES[outcome] ?? null, sameAsRow: null, differences: [] };
}

/** Inserts the batch's new people and stores the ID numbers it gave known ones; every slot then has its row. */
async function storePeople(tx: Tx, slots: Slot[]): Promise<void> {
  const pending = slots.filter((s) => s.stored == null);
  const inserted = await insertVolunteers(tx, pending.map((s) => s.insert!));
  const byMobile = new Map(inserted.map((v) => [v.mobile, v]));
  for (const slot of pending) slot.stored = byMobile.get(slot.insert!.mobile)!;
  const identified = slots.filter((s) => s.addedId != null);
  const updated = new Map((await addIdNumbers(tx, identified.map((s) => ({ id: s.stored!.id, columns: s.addedId! })))).map((v) => [v.id, v]));
  if (updated.size !== identified.length) throw new ConcurrentChange();
  for (const slot of identified) slot.stored = updated.get(slot.stored!.id)!;
}

/** Mutation.registerVolunteers: staff register up to 1,000 people for an organization. */
export async function registerVolunteers(
  db: Db, keys: Keys, viewer: Viewer, organizationId: number, inputs: RawVolunteer[], options: RegistrationOptions,
): Promise<RegistrationReport> {
  if (inputs.length > MAX_BATCH) throw new BadUserInputError({ key: 'registration.batchTooLarge', params: { max: MAX_BATCH } }, 'volunteers');
  const org = await visibleOrganization(db, viewer, organizationId);
  // A correction office's register is confidential: to anyone who may not register there it does
  // not exist, exactly like a missing organization (staff above the office do see the office itself).
  if (!org || (org.kind === 'CORRECTION_OFFICE' && !canRegisterFor(viewer, org))) throw new NotFoundError('Organization');
  if (!canRegisterFor(viewer, org)) throw new ForbiddenError('registration.onlyStaffRegister');
  const checks = inputs.map((input) => checkVolunteerInput(input, decodeGridId));
  const gridIds = [...new Set(checks.flatMap((c) => (c.ok && c.value.homeGridId != null ? [c.value.homeGridId] : [])))];
  const usable = await gridIdsWhere(db, gridIds, visibleGridSql(viewer, sql`g.path`, sql`go.path`));
  const rows = checks.map((c) => prepare(keys, c, usable));
  if (options.dryRun) return checkBatch(rows);
  return retryingConcurrentDuplicates(() => db.transaction((tx) => writeBatch(tx, keys, viewer, rows, org, options)));
}
