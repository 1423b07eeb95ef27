import { loadavg } from 'node:os';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CreateAccountDocument, IssueCertificateDocument, TallyDocument, VolunteerTotalsExportDocument, type TallyGroupBy,
} from '../client/generated/graphql';
import { shanghaiDate } from '../server/platform/date-range';
import { toGlobalId } from '../server/platform/ids';
import type { GraphQLTestClient } from '../test/support/client';
import { CITY, VOLUNTEERS, seedCity, seedServices, type SeededCity } from './hours-seed';
import { percentile, startBenchServer, type BenchResult, type BenchServer } from './support';

type Row = [string, string, string];

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`;
};

async function timed(runs: number, once: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await once(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await once();
    times.push(performance.now() - started);
  }
  return times;
}

async function townAdmin(server: BenchServer, townOrgId: number): Promise<GraphQLTestClient> {
  const mobile = '13800000028';
  await server.admin.ok(CreateAccountDocument, { mobile, displayName: '镇管理员', password: 'bench-town-admin-password', role: 'ORG_ADMIN', organizationId: toGlobalId('Organization', townOrgId) });
  return server.anonymous.login(mobile, 'bench-town-admin-password');
}

/** A full calendar month inside the year of service (the sixth). */
function benchMonth(firstDay: string): { from: string; to: string } {
  const start = new Date(`${firstDay}T00:00:00Z`);
  const from = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 6, 1));
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 0));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

async function tallies(client: GraphQLTestClient, city: SeededCity, size: string): Promise<Row[]> {
  const month = benchMonth(city.firstDay);
  const rows: Row[] = [];
  for (const groupBy of ['TEAM', 'GRID', 'DAY', 'DUTY', 'VOLUNTEER'] as TallyGroupBy[]) {
    let groups = 0;
    const times = await timed(40, async () => {
      groups = (await client.ok(TallyDocument, { input: { groupBy, range: month, gridId: toGlobalId('Grid', city.townGridIds[0]) } })).tally.length;
    });
    rows.push([`${size}: a month's town tally by ${groupBy}`, stats(times), `${times.length} sequential requests, ${groups} rows each; ${month.from} … ${month.to}`]);
  }
  return rows;
}

const HOURS_ONLY = parse(`query($id: ID!, $range: DateRangeInput) { node(id: $id) { ... on Volunteer { hours(range: $range) { hours personTimes volunteers } } ... on Team { hours(range: $range) { hours personTimes volunteers } } ... on Grid { hours(range: $range) { hours personTimes volunteers } } } }`) as TypedDocumentNode<unknown, { id: string; range?: { from: string; to: string } }>;

async function hoursFields(client: GraphQLTestClient, city: SeededCity, size: string): Promise<Row[]> {
  const month = benchMonth(city.firstDay);
  const subjects: [string, (n: number) => string][] = [
    ['Volunteer.hours', (n) => toGlobalId('Volunteer', city.firstVolunteerId + ((n * 7919) % (CITY.volunteersPerVillage * CITY.villagesPerTown)))],
    ['Team.hours', (n) => toGlobalId('Team', city.teamIds[n % (CITY.villagesPerTown * CITY.teamsPerVillage)])],
    ['Grid.hours (a village)', (n) => toGlobalId('Grid', city.villageGridIds[n % CITY.villagesPerTown])],
    ['Grid.hours (the town)', () => toGlobalId('Grid', city.townGridIds[0])],
  ];
  const rows: Row[] = [];
  for (const [name, id] of subjects) {
    for (const range of [month, undefined]) {
      let n = 0;
      const times = await timed(60, () => client.ok(HOURS_ONLY, { id: id(n++), range }));
      rows.push([`${size}: ${name}, ${range ? 'a month' : 'all time'}`, stats(times), `${times.length} sequential requests, a different subject each where there are several`]);
    }
  }
  return rows;
}

async function certificatePdf(server: BenchServer, client: GraphQLTestClient, city: SeededCity): Promise<Row> {
  const period = { from: city.firstDay, to: shanghaiDate(new Date(Date.now() - 86_400_000)) };
  const { issueCertificate } = await client.ok(IssueCertificateDocument, {
    input: { volunteerId: toGlobalId('Volunteer', city.firstVolunteerId), organizationId: toGlobalId('Organization', city.townOrgIds[0]), period },
  });
  const times = await timed(10, async () => {
    const response = await fetch(new URL(issueCertificate.pdfUrl, server.url));
    if (response.status !== 200) throw new Error(`pdf ${response.status}`);
    await response.arrayBuffer();
  });
  return ['certificate PDF (GET its signed link)', stats(times), `${times.length} sequential downloads of a certificate with ${issueCertificate.content.items.length} service lines; pdfkit embedding a subset of Noto Sans Hans (8 MB OTF) each time`];
}

/** Downloads a link, counting bytes without keeping them, while sampling this process's RSS. */
async function exportRun(server: BenchServer, url: string): Promise<{ ms: number; bytes: number; peakMb: number; baseMb: number }> {
  global.gc?.();
  const baseMb = process.memoryUsage().rss / 2 ** 20;
  let peak = baseMb;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20); }, 20);
  const started = performance.now();
  const response = await fetch(new URL(url, server.url));
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  const ms = performance.now() - started;
  clearInterval(sampler);
  return { ms, bytes, peakMb: peak, baseMb };
}

async function exports(server: BenchServer): Promise<Row[]> {
  const rows: Row[] = [];
  for (const format of ['CSV', 'XLSX'] as const) {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const { volunteerTotalsExport } = await server.admin.ok(VolunteerTotalsExportDocument, { input: {}, format });
      runs.push(await exportRun(server, volunteerTotalsExport.url));
    }
    const best = runs.sort((a, b) => a.ms - b.ms)[1];
    rows.push([`${VOLUNTEERS.toLocaleString('en')}-row ${format} export (per-volunteer totals, the whole city)`, `${(best.ms / 1000).toFixed(2)} s`,
      `median of 3: ${runs.map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s; ${(best.bytes / 2 ** 20).toFixed(1)} MiB; server+client process RSS peak ${Math.max(...runs.map((r) => r.peakMb)).toFixed(0)} MiB from ${runs[0].baseMb.toFixed(0)} MiB before`]);
  }
  return rows;
}

/** Tallies, hours fields, a certificate PDF and 100,000-row exports over a seeded city. */
export async function hoursBench(): Promise<BenchResult> {
  const load = loadavg()[0].toFixed(1);
  const server = await startBenchServer();
  try {
    const firstDay = shanghaiDate(new Date(Date.now() - 370 * 86_400_000));
    let started = performance.now();
    const city = await seedCity(server.database.sql, firstDay);
    const small = await seedServices(server.database.sql, 0, 0);
    const seedSmall = performance.now() - started;
    const client = await townAdmin(server, city.townOrgIds[0]);
    const rows: Row[] = [];
    const label = (n: number) => `${n.toLocaleString('en')} completed`;
    rows.push(...await tallies(client, city, label(small)));
    rows.push(...await hoursFields(client, city, label(small)));
    started = performance.now();
    const rest = await seedServices(server.database.sql, 1, CITY.servicesPerVolunteer - 1);
    const seedRest = performance.now() - started;
    rows.push(...await tallies(client, city, label(small + rest)));
    rows.push(...await hoursFields(client, city, label(small + rest)));
    rows.push(await certificatePdf(server, client, city));
    rows.push(...await exports(server));
    rows.push(['setting', 'one town ORG_ADMIN (or the platform admin for exports), sequential requests over HTTP',
      `seeded in SQL: 10 towns × 10 villages × 9 grids, 300 teams, ${VOLUNTEERS.toLocaleString('en')} volunteers, ${(CITY.slots * 900).toLocaleString('en')} shifts over a year; ` +
      `${small.toLocaleString('en')} completed assignments (${(seedSmall / 1000).toFixed(0)} s to seed), then ${(small + rest).toLocaleString('en')} (${(seedRest / 1000).toFixed(0)} s more); ` +
      `tallies read the rollup (TEAM: the members' ledger); client in the server's process; 2 shared cores, other work running (1-min load average ${load} at start)`]);
    return { name: 'Hours at city scale: tallies, hours fields, certificate PDF, exports', rows };
  } finally {
    await server.stop();
  }
}
