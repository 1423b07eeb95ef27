import type { Message, MessageKey } from '../../platform/i18n';

/** Rules for the personal data a volunteer row carries; pure functions, shared by accounts. */

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

export function isMobile(value: string): boolean {
  return MOBILE_PATTERN.test(value);
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** GB 11643 check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * WEIGHTS[i], 0);
  return CHECK_CHARS[sum % 11];
}

export type IdNumberProblem = 'format' | 'birthDate' | 'checkCharacter';

/** Why an 18-character resident ID is invalid, or null when it is valid. */
export function idNumberProblem(value: string, today = new Date()): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(value)) return 'format';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const real = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!real || year < 1900 || birth.getTime() > today.getTime()) return 'birthDate';
  if (idCheckCharacter(value.slice(0, 17)) !== value[17]) return 'checkCharacter';
  return null;
}

/*
 * Spreadsheets carry numbers the way people type them: full-width digits (１３８…), spaces and
 * dashes between groups, a country code in front. These turn what a registrar meant into the form
 * the rules below check, before they check it, so no row is refused for its typing alone.
 */

/** Dashes and separators people put between digit groups (after NFKC has made them half-width). */
const DIGIT_SEPARATORS = /[\s\-\u2010-\u2015\u2212.()]/g;

/** 138 1234 5678, 138-1234-5678, +86 13812345678, 0086…, ８６ １３８…, full-width digits → 13812345678. */
export function normalizeMobile(value: string): string {
  const digits = value.normalize('NFKC').replace(DIGIT_SEPARATORS, '');
  return digits.replace(/^(?:\+86|0086|86(?=1\d{10}$))/, '');
}

/** Full-width digits and X made half-width, spaces (full-width ones too) removed, a trailing x upper-cased. */
export function normalizeIdNumber(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/**
 * Trimmed (full-width spaces too), inner runs of spaces (ordinary, no-break, full-width) made one, and none left between two Chinese
 * characters ("张　三", padded to line up in a sheet, is 张三); 1–50 characters, no control
 * characters; null when invalid.
 */
export function cleanPersonName(value: string): string | null {
  const name = value.trim().replace(/[ \u00a0\u3000]+/g, ' ').replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '');
  return name.length >= 1 && [...name].length <= 50 && !/\p{Cc}/u.test(name) ? name : null;
}

/** Skills are tags: trimmed, lower-case, inner spaces as hyphens, deduplicated. Null if one is unusable. */
export function normalizeSkills(values: readonly string[]): string[] | null {
  const tags = values.map((v) => v.normalize('NFKC').trim().toLowerCase().replace(/[\s_]+/g, '-'));
  if (tags.some((t) => t.length < 1 || t.length > 40 || /\p{Cc}/u.test(t))) return null;
  return [...new Set(tags)].sort();
}

export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : '****';
}

/** First 4 and last 4 characters, the rest starred: 3505**********123X. */
export function maskIdNumber(hint: string): string {
  return `${hint.slice(0, 4)}**********${hint.slice(4)}`;
}

export function idNumberHint(idNumber: string): string {
  return idNumber.slice(0, 4) + idNumber.slice(-4);
}

/** A volunteer row as given by a client (VolunteerInput), before any checks. */
export interface RawVolunteer {
  name: string;
  mobile: string;
  idNumber?: string | null;
  partyMember?: boolean | null;
  skills?: readonly string[] | null;
  homeGridId?: string | null;
}

/** A row that passed every check that needs no database: trimmed, normalized, decoded. */
export interface CleanVolunteer {
  name: string;
  mobile: string;
  /** Normalized plaintext; it never leaves the service except encrypted or hashed. */
  idNumber: string | null;
  partyMember: boolean;
  skills: string[];
  homeGridId: number | null;
}

/** Why a row was refused, for programs (the message is for people). */
export type RowProblem =
  | 'NAME_INVALID' | 'MOBILE_INVALID' | 'ID_NUMBER_FORMAT' | 'ID_NUMBER_BIRTH_DATE' | 'ID_NUMBER_CHECK_CHARACTER' | 'SKILLS_INVALID' | 'GRID_NOT_USABLE';

export type RowCheck = { ok: true; value: CleanVolunteer } | { ok: false; field: string; message: Message; problem: RowProblem };

export const MAX_SKILLS = 30;

const ID_REASONS: Record<IdNumberProblem, RowProblem> = { format: 'ID_NUMBER_FORMAT', birthDate: 'ID_NUMBER_BIRTH_DATE', checkCharacter: 'ID_NUMBER_CHECK_CHARACTER' };

const ID_MESSAGES: Record<IdNumberProblem, MessageKey> = {
  format: 'volunteers.idNumberFormat',
  birthDate: 'volunteers.idNumberBirthDate',
  checkCharacter: 'volunteers.idNumberCheckCharacter',
};

/**
 * Checks one row (registration and sign-up share it). Messages never echo the values, so an
 * ID number cannot end up in a log through an error. `homeGridId` is only decoded here; whether
 * the grid exists and may be used is for the service to ask the database.
 */
export function checkVolunteerInput(input: RawVolunteer, decodeGridId: (id: string) => number | null): RowCheck {
  const fail = (field: string, message: Message, problem: RowProblem): RowCheck => ({ ok: false, field, message, problem });
  const name = cleanPersonName(String(input.name ?? ''));
  if (name == null) return fail('name', { key: 'text.lengthAndControls', params: { field: 'name', max: 50 } }, 'NAME_INVALID');
  const mobile = normalizeMobile(String(input.mobile ?? ''));
  if (!isMobile(mobile)) return fail('mobile', 'volunteers.mobileFormat', 'MOBILE_INVALID');
  const rawId = input.idNumber == null ? '' : normalizeIdNumber(input.idNumber);
  const problem = rawId === '' ? null : idNumberProblem(rawId);
  if (problem) return fail('idNumber', ID_MESSAGES[problem], ID_REASONS[problem]);
  const skills = normalizeSkills(input.skills ?? []);
  if (skills == null || skills.length > MAX_SKILLS) return fail('skills', { key: 'volunteers.skillsFormat', params: { max: MAX_SKILLS } }, 'SKILLS_INVALID');
  const homeGridId = input.homeGridId == null || input.homeGridId === '' ? null : decodeGridId(input.homeGridId);
  if (input.homeGridId && homeGridId == null) return fail('homeGridId', 'volunteers.homeGridUnusable', 'GRID_NOT_USABLE');
  return { ok: true, value: { name, mobile, idNumber: rawId === '' ? null : rawId, partyMember: input.partyMember ?? false, skills, homeGridId } };
}

/** Names compared the way people write them: width, case and spaces (黄 建国 is 黄建国) do not matter. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return norm(a) === norm(b);
}
