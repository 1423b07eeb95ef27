import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { idCheckCharacter } from '../server/modules/volunteers/volunteer.validation';
import { median, startBenchServer, type BenchResult } from './support';

const CREATE_ORG = parse('mutation($name: String!) { createOrganization(name: $name, kind: COMMUNITY) { id } }') as TypedDocumentNode<{ createOrganization: { id: string } }, { name: string }>;
const REGISTER = parse(`mutation($org: ID!, $rows: [VolunteerInput!]!) {
  registerVolunteers(organizationId: $org, volunteers: $rows) { registered rejected }
}`) as TypedDocumentNode<{ registerVolunteers: { registered: number; rejected: number } }, { org: string; rows: object[] }>;

function rows(batch: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const n = batch * 10_000 + i;
    const first17 = `350582${1960 + (n % 40)}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, '0')}`;
    return {
      name: `志愿者${n}`,
      mobile: `198${String(n).padStart(8, '0')}`,
      idNumber: first17 + idCheckCharacter(first17),
      partyMember: n % 3 === 0,
      skills: n % 2 ? ['sampling', 'dialect'] : ['driving'],
    };
  });
}

/** registerVolunteers of 1,000 fresh rows over HTTP, one call, atomic. */
export async function registerVolunteersBench(): Promise<BenchResult> {
  const server = await startBenchServer();
  try {
    const { createOrganization } = await server.admin.ok(CREATE_ORG, { name: '洋埭村委会' });
    const rates: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const started = performance.now();
      const { registerVolunteers } = await server.admin.ok(REGISTER, { org: createOrganization.id, rows: rows(batch, 1000) });
      const seconds = (performance.now() - started) / 1000;
      if (registerVolunteers.registered !== 1000) throw new Error(`registered ${registerVolunteers.registered} of 1000`);
      rates.push(1000 / seconds);
    }
    return {
      name: 'registerVolunteers, 1,000 rows in one atomic call over HTTP',
      rows: [['rows per second (median of 5 batches)', median(rates).toFixed(0), `each batch: ${rates.map((r) => r.toFixed(0)).join(', ')} rows/s; table grows to 5,000`]],
    };
  } finally {
    await server.stop();
  }
}
