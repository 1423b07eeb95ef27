/**
 * pgbench scripts replaying the SQL one signUpForShift sends, copied from the statements the
 * server issues (captured with connectDatabase's onQuery), parameters replaced by pgbench
 * variables. Three levels, so the gap to HTTP can be split up:
 *  - core: BEGIN, lock shift, lock volunteer, conditional seat update (only when the locked row
 *    shows a free seat, as the service does), insert assignment, insert roster event, COMMIT;
 *  - transaction: every statement of the service's transaction (adds the idempotency key
 *    insert/update, eligibility, duplicate, overlap and rest-limit reads);
 *  - request: the whole database conversation of one HTTP request (adds the viewer load and the
 *    idempotency lookup before, and the DataLoader reads for the response after, run one by one
 *    here where the server runs them concurrently).
 * -D variables: i=0 (per-client counter), per (transactions per client), vbase/abase (first
 * volunteer/account id; volunteer k has account abase + k), slo/shi (shift id range).
 */
export type ScriptLevel = 'core' | 'transaction' | 'request';

const PICK = String.raw`\set i :i + 1
\set k :client_id * :per + :i - 1
\set vol :vbase + :k
\set acct :abase + :k
\set shift random(:slo, :shi)
`;

const SHIFT_COLUMNS = `"id", "grid_id", "title", "duty", "location", "starts_at", "ends_at", "capacity", "filled", "party_seated", "required_skills", "requires_party_member", "status", "cancel_reason", "check_in_code", "created_by", "created_at", "updated_at"`;
const VOLUNTEER_COLUMNS = `"id", "name", "mobile", "id_number_cipher", "id_number_hash", "id_number_hint", "party_member", "skills", "status", "registered_by", "home_grid_id", "created_at", "updated_at"`;
const ASSIGNMENT_COLUMNS = `"id", "shift_id", "volunteer_id", "status", "waitlist_seq", "created_by", "created_at", "checked_in_at", "checked_out_at", "cancelled_at", "cancel_reason", "hours"`;
const SEATED = `('ASSIGNED', 'CHECKED_IN', 'COMPLETED')`;
const KEY = `'pgbench-' || (:k)::text`;

/** visibleGridSql for a volunteer viewer: affiliation, home grid, or a current deployment. */
const visibleTo = (orgPath: string, gridPath: string) => `(exists (select 1 from volunteer_affiliations a join organizations o on o.id = a.organization_id where a.volunteer_id = :vol and ${orgPath} <@ o.path) or exists (select 1 from volunteers v join grids hg on hg.id = v.home_grid_id where v.id = :vol and ${gridPath} <@ hg.path) or exists (select 1 from deployments d join grids dg on dg.id = d.grid_id join team_memberships m on m.team_id = d.team_id and m.left_at is null where m.volunteer_id = :vol and ${gridPath} <@ dg.path and d.starts_on <= (now() at time zone 'Asia/Shanghai')::date and (d.ends_on is null or d.ends_on >= (now() at time zone 'Asia/Shanghai')::date)))`;

const LOAD_VIEWER = `select "id", "mobile", "display_name", "password_hash", "volunteer_id", "created_at" from "accounts" where "accounts"."id" = :acct;
select "role_grants"."account_id", "role_grants"."role", "role_grants"."organization_id", "organizations"."path"::text from "role_grants" left join "organizations" on "organizations"."id" = "role_grants"."organization_id" where "role_grants"."account_id" = any(array[:acct]::int[]) order by "role_grants"."id";
select "request_hash", "result" from "idempotency_keys" where ("idempotency_keys"."account_id" = :acct and "idempotency_keys"."key" = ${KEY});
`;

const CLAIM_KEY = `insert into "idempotency_keys" ("account_id", "key", "operation", "request_hash", "result", "created_at") values (:acct, ${KEY}, 'signUpForShift', md5((:k)::text) || md5((:shift)::text), '{}', default) on conflict do nothing returning "key";
`;

// \gset keeps the locked row's filled/capacity/starts_at/ends_at for the branches below.
const LOCK_SHIFT = `select ${SHIFT_COLUMNS.split(', ').map((c) => `"shifts".${c}`).join(', ')}, "organizations"."path"::text as org_path, "organizations"."rest_limit_hours", ${visibleTo('"organizations"."path"', '"grids"."path"')} as visible from "shifts" inner join "grids" on "grids"."id" = "shifts"."grid_id" inner join "organizations" on "organizations"."id" = "grids"."organization_id" where "shifts"."id" = :shift for update of "shifts" \\gset sh_
select ${VOLUNTEER_COLUMNS}, "volunteers"."id" = :vol as visible from "volunteers" where "volunteers"."id" = :vol for update of "volunteers";
`;

const CHECKS = `select ( not exists (select 1 from shift_eligible_teams where shift_id = :shift) or exists (select 1 from shift_eligible_teams e join team_memberships m on m.team_id = e.team_id and m.left_at is null where e.shift_id = :shift and m.volunteer_id = :vol)) as ok;
select ${ASSIGNMENT_COLUMNS} from "assignments" where ("assignments"."shift_id" = :shift and "assignments"."volunteer_id" = :vol and "assignments"."status" <> 'CANCELLED');
`;

const SEAT_RULES = `select exists (select 1 from assignments where volunteer_id = :vol and status in ${SEATED} and period && tstzrange(:sh_starts_at::timestamptz, :sh_ends_at::timestamptz, '[)')) as ok;
with seats as ( select lower(period) as s, upper(period) as e from assignments where volunteer_id = :vol and status in ${SEATED} and period && tstzrange(:sh_starts_at::timestamptz - interval '24 hours', :sh_ends_at::timestamptz + interval '24 hours') union all select :sh_starts_at::timestamptz, :sh_ends_at::timestamptz ), windows as ( select s as ws from seats union select e - interval '24 hours' from seats ) select coalesce(max(total), 0)::float8 as hours from ( select sum(extract(epoch from least(x.e, w.ws + interval '24 hours') - greatest(x.s, w.ws))) / 3600 as total from windows w join seats x on x.s < w.ws + interval '24 hours' and x.e > w.ws where w.ws < :sh_ends_at::timestamptz and w.ws + interval '24 hours' > :sh_starts_at::timestamptz group by w.ws) t;
`;

const TAKE_SEAT = `update "shifts" set "filled" = "shifts"."filled" + 1, "party_seated" = "shifts"."party_seated" + 0 where ("shifts"."id" = :shift and "shifts"."status" = 'OPEN' and "shifts"."filled" < "shifts"."capacity" and (not "shifts"."requires_party_member" or "shifts"."party_seated" > 0 or false or "shifts"."filled" < "shifts"."capacity" - 1)) returning "id" \\gset seat_
`;

const insertAssignment = (status: 'ASSIGNED' | 'WAITLISTED') => `insert into "assignments" ("id", "shift_id", "volunteer_id", "status", "period", "waitlist_seq", "created_by", "created_at", "checked_in_at", "checked_out_at", "cancelled_at", "cancel_reason", "hours") values (default, :shift, :vol, '${status}', (select tstzrange(starts_at, ends_at, '[)') from shifts where id = :shift), ${status === 'WAITLISTED' ? `nextval('assignment_waitlist_seq')` : 'null'}, :acct, default, default, default, default, default, default) returning ${ASSIGNMENT_COLUMNS} \\gset a_
insert into "roster_events" ("id", "txid", "kind", "shift_id", "assignment_id", "actor_account_id", "at") values (default, default, '${status}', :shift, :a_id, :acct, default);
`;

const SAVE_KEY = `update "idempotency_keys" set "result" = jsonb_build_object('assignmentId', (:a_id)::int) where ("idempotency_keys"."account_id" = :acct and "idempotency_keys"."key" = ${KEY});
`;

const RESPONSE_READS = `select ${SHIFT_COLUMNS} from "shifts" where ("shifts"."id" = any(array[:shift]::int[]) and exists (select 1 from grids vsg join organizations vsgo on vsgo.id = vsg.organization_id where vsg.id = "shifts"."grid_id" and ${visibleTo('vsgo.path', 'vsg.path')})) order by "shifts"."starts_at", "shifts"."id";
select "shift_id", count(*)::int from "assignments" where ("assignments"."shift_id" = any(array[:shift]::int[]) and "assignments"."status" = 'WAITLISTED') group by "assignments"."shift_id";
select ${VOLUNTEER_COLUMNS} from "volunteers" where ("volunteers"."id" = any(array[:vol]::int[]) and "volunteers"."id" = :vol);
\\if :seated = 0
select "id", "shift_id", (row_number() over (partition by "shift_id" order by "waitlist_seq"))::int from "assignments" where ("assignments"."shift_id" = any(array[:shift]::int[]) and "assignments"."status" = 'WAITLISTED');
\\endif
`;

export function signUpScript(level: ScriptLevel): string {
  const full = level !== 'core';
  return [
    PICK,
    level === 'request' ? LOAD_VIEWER : '',
    'begin;\n',
    full ? CLAIM_KEY : '',
    LOCK_SHIFT,
    full ? CHECKS : '',
    // The service decides from the locked row (no Party-member rule on these shifts).
    '\\if :sh_filled < :sh_capacity\n',
    full ? SEAT_RULES : '',
    TAKE_SEAT,
    insertAssignment('ASSIGNED'),
    '\\set seated 1\n\\else\n',
    insertAssignment('WAITLISTED'),
    '\\set seated 0\n\\endif\n',
    full ? SAVE_KEY : '',
    'commit;\n',
    level === 'request' ? RESPONSE_READS : '',
  ].join('');
}
