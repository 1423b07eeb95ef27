import { sameName } from './volunteer.validation';
import type { MessageKey } from '../../platform/i18n';

/**
 * "One person is one volunteer platform-wide": deciding whether a registered row is someone we
 * already know. Pure, so registration (1,000 rows) and sign-up (one row) decide the same way,
 * against people already stored and people added earlier in the same batch alike.
 */
export interface KnownPerson<T> {
  mobile: string;
  name: string;
  idNumberHash: string | null;
  /** What the caller attaches: a stored row, or a pending new row of the batch. */
  ref: T;
}

export type Identification<T> =
  | { kind: 'same'; person: KnownPerson<T>; mobileDiffers: boolean }
  | { kind: 'new' }
  | { kind: 'duplicate'; field: 'mobile' | 'idNumber' };

export class IdentityIndex<T> {
  private readonly byMobile = new Map<string, KnownPerson<T>>();
  private readonly byHash = new Map<string, KnownPerson<T>>();

  add(person: KnownPerson<T>): void {
    this.byMobile.set(person.mobile, person);
    if (person.idNumberHash) this.byHash.set(person.idNumberHash, person);
  }

  /** A known person without an ID number gets one (a later row gave it): later rows see it. */
  addIdNumber(person: KnownPerson<T>, idNumberHash: string): void {
    person.idNumberHash = idNumberHash;
    this.byHash.set(idNumberHash, person);
  }

  /**
   * The same ID number and name is the same person (possibly with a new mobile), unless the row's
   * mobile belongs to someone else. Otherwise the same mobile and name is the same person, unless
   * both carry ID numbers (they differ, or the hash lookup would have matched). A known ID number
   * or mobile under another name is a different person's: a match by number alone is never
   * taken as identity (anyone can type a number they have seen).
   */
  identify(row: { mobile: string; name: string; idNumberHash: string | null }): Identification<T> {
    const byHash = row.idNumberHash ? this.byHash.get(row.idNumberHash) : undefined;
    const byMobile = this.byMobile.get(row.mobile);
    if (byHash && byMobile && byMobile !== byHash) {
      // Two people answer: whichever the row names by mobile and name, the other's number is taken.
      return { kind: 'duplicate', field: sameName(byMobile.name, row.name) ? 'idNumber' : 'mobile' };
    }
    if (byHash) {
      return sameName(byHash.name, row.name) ? { kind: 'same', person: byHash, mobileDiffers: byHash.mobile !== row.mobile } : { kind: 'duplicate', field: 'idNumber' };
    }
    if (!byMobile) return { kind: 'new' };
    const contradicts = row.idNumberHash != null && byMobile.idNumberHash != null;
    return sameName(byMobile.name, row.name) && !contradicts ? { kind: 'same', person: byMobile, mobileDiffers: false } : { kind: 'duplicate', field: 'mobile' };
  }
}

/** Said to the registrant without naming, or hinting at, the other person. */
export const DUPLICATE_MESSAGES = {
  mobile: 'registration.duplicateMobile',
  idNumber: 'registration.duplicateIdNumber',
} as const satisfies Record<string, MessageKey>;
