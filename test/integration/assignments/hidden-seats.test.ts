import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssignVolunteerDocument, CreateGridDocument } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { createShift } from '../../support/factories/shifts';
import { joinedBy, registerVolunteer, volunteerRow, type RegisteredVolunteer } from '../../support/factories/volunteers';
import type { GraphQLTestClient } from '../../support/client';

/*
 * Inference channels (Trust first): a participant's seat on their correction office's own post is
 * hidden from the village; seating them over it must answer exactly as for anyone whose other seat the
 * village cannot see (here: an ordinary volunteer's seat on the chamber's post) — for an overlap and
 * for the rest limit alike.
 */
let server: TestServer;
let village: OrgHandle;
let villageCoordinator: GraphQLTestClient;
let participant: RegisteredVolunteer;
let ordinary: RegisteredVolunteer;
let officer: GraphQLTestClient;
let chamberAdmin: GraphQLTestClient;
let officePost: string;
let chamberPost: string;
let villageGrid: string;

const at = (hours: number) => new Date(Date.now() + (48 + hours) * 3600_000).toISOString();

beforeAll(async () => {
  server = await startTestServer();
  const town = await createOrg(server, 'GOVERNMENT', '陈埭镇');
  village = await createOrg(server, 'COMMUNITY', '洋埭村', town.id);
  const office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', town.id);
  const chamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');
  officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  chamberAdmin = await createStaff(server, 'ORG_ADMIN', chamber.id);
  villageCoordinator = await createStaff(server, 'COORDINATOR', village.id);
  const villageAdmin = await createStaff(server, 'ORG_ADMIN', village.id);
  participant = await registerVolunteer(officer, office, volunteerRow({ name: '吴永福' }));
  ordinary = await registerVolunteer(chamberAdmin, chamber, volunteerRow({ name: '蔡丽华' }));
  for (const person of [participant, ordinary]) await joinedBy(server, villageAdmin, village, person);
  officePost = (await officer.ok(CreateGridDocument, { name: '公益劳动点', level: 'GRID', organizationId: office.id })).createGrid.id;
  chamberPost = (await chamberAdmin.ok(CreateGridDocument, { name: '商会采样点', level: 'GRID', organizationId: chamber.id })).createGrid.id;
  villageGrid = (await server.admin.ok(CreateGridDocument, { name: '洋埭村第4网格', level: 'GRID', organizationId: village.id })).createGrid.id;
});
afterAll(async () => { await server?.stop(); });

/** Seats both people on their other post over [from, to), then asks the village to seat them over [vFrom, vTo). */
async function villageAnswers(from: number, to: number, vFrom: number, vTo: number) {
  const office = await createShift(officer, officePost, { startsAt: at(from), endsAt: at(to), capacity: 2 });
  const chamber = await createShift(chamberAdmin, chamberPost, { startsAt: at(from), endsAt: at(to), capacity: 2 });
  await officer.ok(AssignVolunteerDocument, { shiftId: office.id, volunteerId: participant.id });
  await chamberAdmin.ok(AssignVolunteerDocument, { shiftId: chamber.id, volunteerId: ordinary.id });
  const shift = await createShift(villageCoordinator, villageGrid, { startsAt: at(vFrom), endsAt: at(vTo), capacity: 5 });
  const answer = async (person: RegisteredVolunteer) => {
    const result = await villageCoordinator.request(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id });
    return result.errors?.map(({ message, extensions }) => ({ message, code: extensions?.code, reason: extensions?.reason }));
  };
  return { participant: await answer(participant), ordinary: await answer(ordinary) };
}

describe('seating someone over a seat the village cannot see', () => {
  it('answers an overlap with the participant\'s hidden correction seat exactly as one with another organization\'s seat', async () => {
    const answers = await villageAnswers(0, 4, 2, 6);
    expect(answers.participant).toEqual(answers.ordinary);
    expect(answers.participant).toEqual([expect.objectContaining({ code: 'CONFLICT', reason: 'UNAVAILABLE' })]);
  });

  it('answers the rest limit the same way, naming no hours that would count the hidden seat', async () => {
    const answers = await villageAnswers(100, 110, 112, 116);
    expect(answers.participant).toEqual(answers.ordinary);
    expect(answers.participant).toEqual([expect.objectContaining({ code: 'CONFLICT', reason: 'UNAVAILABLE' })]);
    expect(answers.participant![0].message).not.toMatch(/\d/);
  });
});
