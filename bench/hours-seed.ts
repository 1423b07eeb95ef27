import type postgres from 'postgres';

/** The city the hours benchmark runs on; every count is what its seed writes. */
export const CITY = {
  towns: 10,
  villagesPerTown: 10,
  gridsPerVillage: 9,
  teamsPerVillage: 3,
  volunteersPerVillage: 1000,
  /** A shift on every leaf grid every third day for a year. */
  slots: 122,
  /** Completed assignments per volunteer at full size (10 × 100,000 = 1,000,000). */
  servicesPerVolunteer: 10,
};

export const VILLAGES = CITY.towns * CITY.villagesPerTown;
export const VOLUNTEERS = VILLAGES * CITY.volunteersPerVillage;

export interface SeededCity {
  /** Day 0 of the year of service (Asia/Shanghai date). */
  firstDay: string;
  townOrgIds: number[];
  townGridIds: number[];
  villageGridIds: number[];
  teamIds: number[];
  firstVolunteerId: number;
}

/**
 * Towns, villages, grids (town → village → 9 grids), teams, 100,000 volunteers with their
 * affiliations and team memberships, and a year of shifts — in set-based SQL.
 */
export async function seedCity(sql: postgres.Sql, firstDay: string): Promise<SeededCity> {
  const [city] = await sql<{ id: number }[]>`insert into organizations (name, kind) values ('泉州市', 'GOVERNMENT') returning id`;
  const towns = await sql<{ id: number }[]>`insert into organizations (name, kind, parent_id)
    select '镇' || n, 'GOVERNMENT', ${city.id}::int from generate_series(1, ${CITY.towns}::int) n order by n returning id`;
  const townOrgIds = towns.map((t) => t.id);
  await sql`insert into organizations (name, kind, parent_id)
    select '村' || t.i || '-' || n, 'COMMUNITY', t.id from unnest(${townOrgIds}::int[]) with ordinality t(id, i), generate_series(1, ${CITY.villagesPerTown}::int) n
    order by t.i, n`;
  const townGrids = await sql<{ id: number }[]>`insert into grids (name, level, organization_id)
    select o.name || '网格', 'TOWN', o.id from organizations o where o.id = any(${townOrgIds}::int[]) order by o.id returning id`;
  await sql`insert into grids (name, level, organization_id, parent_id)
    select v.name, 'VILLAGE', v.id, tg.id from organizations v join organizations t on t.id = v.parent_id
      join grids tg on tg.organization_id = t.id and tg.level = 'TOWN' where v.kind = 'COMMUNITY' order by v.id`;
  await sql`insert into grids (name, level, organization_id, parent_id)
    select vg.name || '第' || n || '网格', 'GRID', vg.organization_id, vg.id from grids vg, generate_series(1, ${CITY.gridsPerVillage}::int) n
     where vg.level = 'VILLAGE' order by vg.id, n`;
  await sql`insert into teams (organization_id, name, kind)
    select v.id, v.name || (array['党支部', '网格服务队', '志愿队'])[n], (array['PARTY_BRANCH', 'GRID_SERVICE', 'OTHER'])[n]::team_kind
      from organizations v, generate_series(1, ${CITY.teamsPerVillage}::int) n where v.kind = 'COMMUNITY' order by v.id, n`;
  // Volunteer k belongs to village k / 1000 (in id order) and to one of its teams.
  const [first] = await sql<{ id: number }[]>`
    with villages as (select id, row_number() over (order by id) - 1 as vi from organizations where kind = 'COMMUNITY'),
    v as (
      insert into volunteers (name, mobile, status, registered_by)
      select '志愿者' || k, '150' || lpad(k::text, 8, '0'), 'ACTIVE', villages.id
        from generate_series(0, ${VOLUNTEERS - 1}::int) k join villages on villages.vi = k / ${CITY.volunteersPerVillage}::int order by k
      returning id, registered_by
    ), a as (insert into volunteer_affiliations (volunteer_id, organization_id, confirmed_at) select id, registered_by, now() from v)
    select min(id)::int as id from v`;
  await sql`insert into team_memberships (team_id, volunteer_id, joined_at)
    select t.id, v.id, ${firstDay}::date - 400 from volunteers v
      join lateral (select id from teams where organization_id = v.registered_by order by id offset (v.id % ${CITY.teamsPerVillage}::int) limit 1) t on true`;
  // A shift per leaf grid every third day, 08:00–12:00; four duties by grid.
  await sql`insert into shifts (grid_id, title, duty, starts_at, ends_at, capacity, check_in_code)
    select g.id, '岗' || slot, (array['CHECKPOINT', 'NUCLEIC_ACID_SAMPLING', 'SUPPLY_DELIVERY', 'PATROL'])[1 + g.id % 4]::duty_type,
           ((${firstDay}::date + slot * 3) + time '08:00') at time zone 'Asia/Shanghai',
           ((${firstDay}::date + slot * 3) + time '12:00') at time zone 'Asia/Shanghai', 50, '123456'
      from grids g, generate_series(0, ${CITY.slots - 1}::int) slot where g.level = 'GRID' order by g.id, slot`;
  const grid = (level: string) => sql<{ id: number }[]>`select id from grids where level = ${level} order by id`.then((r) => r.map((x) => x.id));
  const teams = await sql<{ id: number }[]>`select id from teams order by id`;
  return {
    firstDay, townOrgIds, townGridIds: townGrids.map((g) => g.id), villageGridIds: await grid('VILLAGE'), teamIds: teams.map((t) => t.id),
    firstVolunteerId: first.id,
  };
}

/**
 * Service k (of `from`..`to`) of every volunteer: volunteer i of a village serves grid (i + k) % 9
 * on slot (i + 12k) % 122, so no two of anyone's services overlap. Credits are computed inline with
 * the same function the trigger uses, and the rollup is rebuilt once, from the ledger, at the end —
 * what the triggers would have written row by row.
 */
export async function seedServices(sql: postgres.Sql, from: number, to: number): Promise<number> {
  await sql`alter table assignments disable trigger assignments_roll_hours`;
  await sql`alter table assignments disable trigger assignments_credit`;
  try {
    const [{ n }] = await sql<{ n: number }[]>`
      with places as (
        select g.id as grid_id, g.organization_id, row_number() over (partition by g.organization_id order by g.id) - 1 as gi
          from grids g where g.level = 'GRID'
      ), people as (
        select v.id, v.registered_by, row_number() over (partition by v.registered_by order by v.id) - 1 as i from volunteers v
      ), ins as (
        insert into assignments (shift_id, volunteer_id, status, period, checked_in_at, checked_out_at, credited_minutes, hours)
        select s.id, p.id, 'COMPLETED', tstzrange(s.starts_at, s.ends_at, '[)'),
               s.starts_at + ((p.i * 7 + k) % 20 - 10) * interval '1 minute', s.ends_at + ((p.i * 13 + k) % 50 - 20) * interval '1 minute',
               credited_minutes(s.starts_at + ((p.i * 7 + k) % 20 - 10) * interval '1 minute', s.ends_at + ((p.i * 13 + k) % 50 - 20) * interval '1 minute', s.starts_at, s.ends_at),
               round(credited_minutes(s.starts_at + ((p.i * 7 + k) % 20 - 10) * interval '1 minute', s.ends_at + ((p.i * 13 + k) % 50 - 20) * interval '1 minute', s.starts_at, s.ends_at) / 60.0, 2)
          from people p cross join generate_series(${from}::int, ${to}::int) k
          join places pl on pl.organization_id = p.registered_by and pl.gi = (p.i + k) % ${CITY.gridsPerVillage}::int
          join shifts s on s.grid_id = pl.grid_id and s.title = '岗' || ((p.i + 12 * k) % ${CITY.slots}::int)
        returning 1
      ) select count(*)::int as n from ins`;
    await sql`update shifts s set filled = c.n from (select shift_id, count(*)::int as n from assignments group by shift_id) c where c.shift_id = s.id`;
    await sql`delete from hour_rollup`;
    await sql`insert into hour_rollup (volunteer_id, day, grid_id, duty, adjusted, organization_id, minutes, person_times, entries)
      select a.volunteer_id, shanghai_day(s.starts_at), s.grid_id, s.duty, false, null, sum(a.credited_minutes), count(*), count(*)
        from assignments a join shifts s on s.id = a.shift_id where a.status = 'COMPLETED' and a.credited_minutes is not null
       group by 1, 2, 3, 4`;
    return n;
  } finally {
    await sql`alter table assignments enable trigger assignments_credit`;
    await sql`alter table assignments enable trigger assignments_roll_hours`;
    await sql`vacuum analyze`;
  }
}
