import { sql } from 'drizzle-orm';
import { accounts, organizations, volunteers } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import type { Changes } from './registration.differences';
import { volunteersByIds } from './volunteer.queries';

const intArray = (ids: readonly number[]) => sql`${sql.param(ids as number[])}::int[]`;

/** Each person's registering organization (path and kind), for who reads their data in full. */
export async function registrarsOf(db: DbOrTx, volunteerIds: number[]): Promise<Map<number, { path: string; kind: string }>> {
  if (volunteerIds.length === 0) return new Map();
  const rows = await db.execute<{ id: number; path: string; kind: string }>(sql`
    select v.id, o.path::text as path, o.kind::text as kind from ${volunteers} v join ${organizations} o on o.id = v.registered_by
    where v.id = any(${intArray(volunteerIds)})`);
  return new Map([...rows].map((r) => [r.id, { path: r.path, kind: r.kind }]));
}

/** Of these people, those with an account (linked, or signing in with their mobile). */
export async function accountHolders(db: DbOrTx, volunteerIds: number[]): Promise<Set<number>> {
  if (volunteerIds.length === 0) return new Set();
  const rows = await db.execute<{ id: number }>(sql`
    select v.id from ${volunteers} v where v.id = any(${intArray(volunteerIds)})
      and exists (select 1 from ${accounts} a where a.volunteer_id = v.id or a.mobile = v.mobile)`);
  return new Set([...rows].map((r) => r.id));
}

/**
 * Applies what registrations were allowed to change, in one statement: skills are added (never
 * removed), the rest replaced. A mobile changes only while nobody signs in with the old one (an
 * account made meanwhile keeps the record as it was); the unique index still decides a race for
 * the new one.
 */
export async function applyChanges(db: DbOrTx, changes: { id: number; changes: Changes }[]): Promise<Map<number, { mobileKept: boolean }>> {
  if (changes.length === 0) return new Map();
  const payload = JSON.stringify(changes.map(({ id, changes: c }) => ({
    id, mobile: c.mobile ?? null, party_member: c.partyMember ?? null, skills: c.skills ?? null, home_grid_id: c.homeGridId ?? null,
  })));
  const rows = await db.execute<{ id: number; mobile_kept: boolean }>(sql`
    with c as (select * from jsonb_to_recordset(${payload}::jsonb) as c(id int, mobile text, party_member boolean, skills text[], home_grid_id int)),
    u as (
      update ${volunteers} v set
        mobile = case when c.mobile is not null and not exists (select 1 from ${accounts} a where a.volunteer_id = v.id or a.mobile = v.mobile)
          then c.mobile else v.mobile end,
        party_member = coalesce(c.party_member, v.party_member),
        skills = case when c.skills is null then v.skills
          else array(select distinct s from unnest(v.skills || c.skills) s order by s) end,
        home_grid_id = coalesce(c.home_grid_id, v.home_grid_id),
        updated_at = now()
      from c where v.id = c.id
      returning v.id, c.mobile is not null and v.mobile <> c.mobile as mobile_kept)
    select * from u`);
  return new Map([...rows].map((r) => [r.id, { mobileKept: r.mobile_kept }]));
}

export { volunteersByIds };
