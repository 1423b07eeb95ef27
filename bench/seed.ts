import type postgres from 'postgres';
import { CreateGridDocument, CreateOrganizationDocument } from '../client/generated/graphql';
import { hashPassword } from '../server/modules/auth/password';
import { issueToken } from '../server/modules/auth/token';
import { parseGlobalId } from '../server/platform/ids';
import type { BenchServer } from './support';

export interface BenchPlace {
  orgId: string;
  orgDbId: number;
  gridId: string;
  gridDbId: number;
}

function dbId(globalId: string): number {
  const parsed = parseGlobalId(globalId);
  if (!parsed) throw new Error(`not a global id: ${globalId}`);
  return parsed.id;
}

/** A community with one grid, made through the API by the platform admin. */
export async function createBenchPlace(server: BenchServer, name: string): Promise<BenchPlace> {
  const { createOrganization } = await server.admin.ok(CreateOrganizationDocument, { name, kind: 'COMMUNITY' });
  const { createGrid } = await server.admin.ok(CreateGridDocument, { name: `${name} 第一网格`, level: 'GRID', organizationId: createOrganization.id });
  return { orgId: createOrganization.id, orgDbId: dbId(createOrganization.id), gridId: createGrid.id, gridDbId: dbId(createGrid.id) };
}

export interface SeededVolunteers {
  /** Volunteer and account ids are contiguous and in the same order: volunteer k is firstVolunteerId + k. */
  firstVolunteerId: number;
  firstAccountId: number;
  /** Bearer tokens, one per volunteer in order (empty without accounts). */
  tokens: string[];
}

/**
 * `count` ACTIVE volunteers affiliated with the organization, in one statement (mobiles 197…),
 * optionally each with a VOLUNTEER account (one argon2 hash shared by all, tokens signed directly).
 */
export async function seedVolunteers(server: BenchServer, orgDbId: number, count: number, withAccounts: boolean): Promise<SeededVolunteers> {
  const sql = server.database.sql;
  const [range] = await sql<{ first: number; last: number }[]>`
    with v as (
      insert into volunteers (name, mobile, status, registered_by)
      select '志愿者' || n, '197' || lpad(n::text, 8, '0'), 'ACTIVE', ${orgDbId}::int from generate_series(1, ${count}::int) n order by n
      returning id
    ), aff as (insert into volunteer_affiliations (volunteer_id, organization_id, confirmed_at) select id, ${orgDbId}::int, now() from v)
    select min(id)::int as first, max(id)::int as last from v`;
  if (range.last - range.first + 1 !== count) throw new Error('volunteer ids are not contiguous');
  if (!withAccounts) return { firstVolunteerId: range.first, firstAccountId: 0, tokens: [] };
  const hash = await hashPassword('bench-volunteer-password');
  const accounts = await insertAccounts(sql, range.first, range.last, hash);
  const tokens = await Promise.all(accounts.map(async (id) => (await issueToken(server.deps.keys.token.signing, id, 3600)).token));
  return { firstVolunteerId: range.first, firstAccountId: accounts[0], tokens };
}

async function insertAccounts(sql: postgres.Sql, first: number, last: number, hash: string): Promise<number[]> {
  const rows = await sql<{ id: number; volunteer_id: number }[]>`
    with acc as (
      insert into accounts (mobile, display_name, password_hash, volunteer_id)
      select mobile, name, ${hash}, id from volunteers where id between ${first}::int and ${last}::int order by id
      returning id, volunteer_id
    ), g as (insert into role_grants (account_id, role) select id, 'VOLUNTEER' from acc)
    select id, volunteer_id from acc order by volunteer_id`;
  // pgbench derives account k from volunteer k by a fixed offset, so check that the offset holds.
  if (rows.some((r) => r.id - r.volunteer_id !== rows[0].id - rows[0].volunteer_id)) throw new Error('account ids do not follow volunteer ids');
  return rows.map((r) => r.id);
}

/** Shifts in one statement, starting in two days, 4 hours long, staggered over the day. */
export async function insertShifts(server: BenchServer, gridDbId: number, count: number, capacity: number, title: string): Promise<[number, number]> {
  const [row] = await server.database.sql<{ lo: number; hi: number }[]>`
    with s as (
      insert into shifts (grid_id, title, duty, starts_at, ends_at, capacity, check_in_code)
      select ${gridDbId}::int, ${title} || ' #' || n, 'CHECKPOINT', t0 + (n % 12) * interval '1 hour', t0 + (n % 12 + 4) * interval '1 hour', ${capacity}::int, '123456'
        from generate_series(1, ${count}::int) n, (select date_trunc('hour', now()) + interval '2 days' as t0) t order by n
      returning id
    ) select min(id)::int as lo, max(id)::int as hi from s`;
  if (row.hi - row.lo + 1 !== count) throw new Error('shift ids are not contiguous');
  return [row.lo, row.hi];
}

/** `count` staff accounts with `role` over the organization (one argon2 hash shared, tokens signed directly). */
export async function seedStaff(server: BenchServer, orgDbId: number, count: number, role: 'COORDINATOR' | 'ORG_ADMIN'): Promise<string[]> {
  const hash = await hashPassword('bench-staff-password');
  const rows = await server.database.sql<{ id: number }[]>`
    with acc as (
      insert into accounts (mobile, display_name, password_hash)
      select '196' || lpad(n::text, 8, '0'), '调度员' || n, ${hash} from generate_series(1, ${count}::int) n
      returning id
    ), g as (insert into role_grants (account_id, role, organization_id) select id, ${role}, ${orgDbId}::int from acc)
    select id from acc order by id`;
  return Promise.all(rows.map(async (r) => (await issueToken(server.deps.keys.token.signing, r.id, 3600)).token));
}
