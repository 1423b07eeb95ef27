/**
 * pgbench scripts replaying the SQL one signUpForShift sends, built from the statements the server
 * itself sent for a probe sign-up (captured with connectDatabase's onQuery, parameters included),
 * so the replay cannot drift from the code: each parameter becomes a pgbench variable or the
 * literal the probe sent. Two levels:
 *  - core: the service's transaction, BEGIN to COMMIT (the idempotency key's claim pipelined with
 *    the locking statement, as the server sends them);
 *  - request: the whole database conversation of one HTTP request (adds the viewer load before and
 *    the DataLoader reads for the response after, one by one where the server overlaps them).
 * -D variables: i=0 (per-client counter), per (transactions per client), vbase/abase (first
 * volunteer/account id; volunteer k has account abase + k), slo/shi (shift id range).
 */
export type ScriptLevel = 'core' | 'request';

export interface Captured { sql: string; parameters: readonly unknown[] }

export interface Probe { shiftId: number; volunteerId: number; accountId: number; key: string; startsAt: Date; endsAt: Date }

const PICK = String.raw`\set i :i + 1
\set k :client_id * :per + :i - 1
\set vol :vbase + :k
\set acct :abase + :k
\set shift random(:slo, :shi)
`;

const shiftColumn = (column: string) => `(select ${column} from shifts where id = :shift)`;

/** What each probe value stands for in the replay; anything else is replayed as the literal sent. */
function variables(probe: Probe): Map<string, string> {
  const ids: [number, string][] = [[probe.shiftId, ':shift'], [probe.volunteerId, ':vol'], [probe.accountId, ':acct']];
  return new Map<string, string>([
    ...ids.map(([id, name]) => [String(id), name] as [string, string]),
    ...ids.map(([id, name]) => [`{${id}}`, `array[${name}]`] as [string, string]),
    [probe.key, `'pgbench-' || (:k)::text`],
    [probe.startsAt.toISOString(), shiftColumn('starts_at')],
    [probe.endsAt.toISOString(), shiftColumn('ends_at')],
    // The only true flag a seated probe sends is "a seat is free" (decided from the locked row).
    ['true', shiftColumn('filled < capacity')],
    ['t', shiftColumn('filled < capacity')],
  ]);
}

function literal(value: unknown): string {
  if (value == null) return 'null';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/** A parameter as pgbench sends it: a variable where the probe's value stands for one, else the literal. */
function argument(value: unknown, names: Map<string, string>): string {
  if (Array.isArray(value)) return `array[${value.map((v) => argument(v, names)).join(', ')}]`;
  return names.get(value instanceof Date ? value.toISOString() : String(value)) ?? literal(value);
}

function replay(statement: Captured, names: Map<string, string>): string {
  const text = statement.sql.replace(/\s+/g, ' ').trim().replace(/\$(\d+)/g, (_m, n: string) => argument(statement.parameters[Number(n) - 1], names));
  return `${text};\n`;
}

/** The probe's statements as a pgbench script of the given level. */
export function signUpScript(level: ScriptLevel, captured: Captured[], probe: Probe): string {
  const names = variables(probe);
  const begin = captured.findIndex((s) => /^begin\b/i.test(s.sql.trim()));
  const commit = captured.findIndex((s) => /^commit\b/i.test(s.sql.trim()));
  if (begin < 0 || commit < begin) throw new Error('the probe sent no transaction');
  const lines = captured.slice(begin + 1, commit).map((s) => replay(s, names));
  // The server sends the key's claim and the locking statement together (one round trip).
  const pipelined = /idempotency_keys/.test(lines[0] ?? '') ? ['\\startpipeline\n', lines[0], lines[1], '\\endpipeline\n', ...lines.slice(2)] : lines;
  const core = ['begin;\n', ...pipelined, 'commit;\n'];
  const around = (from: number, to: number) => captured.slice(from, to).map((s) => replay(s, names));
  return [PICK, ...(level === 'request' ? around(0, begin) : []), ...core, ...(level === 'request' ? around(commit + 1, captured.length) : [])].join('');
}
