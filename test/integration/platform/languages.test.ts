import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { parse, type GraphQLFormattedError } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CheckInDocument, CreateAccountDocument, MeDocument, NodeByIdDocument, RegisterVolunteersDocument,
} from '../../../client/generated/graphql';
import { toGlobalId } from '../../../server/platform/ids';
import { renderHtml } from '../../../server/platform/printable';
import { certificatePrintable } from '../../../server/modules/certificates/certificate.render';
import type { CertificateRow } from '../../../server/modules/certificates/certificate.type';
import { createOrg, createStaff, mobileNumber, type OrgHandle } from '../../support/factories';
import { volunteerRow } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';
import { wsClient, wsOnce } from '../../support/ws';

/**
 * The same bad request, asked in Chinese (by saying nothing), and in English: the words change,
 * `code`, `field` and `reason` do not.
 */
let server: TestServer;
let village: OrgHandle;
let orgAdmin: GraphQLTestClient;

beforeAll(async () => {
  server = await startTestServer();
  village = await createOrg(server, 'COMMUNITY', '海尾村');
  orgAdmin = await createStaff(server, 'ORG_ADMIN', village.id);
});
afterAll(async () => { await server?.stop(); });

const CJK = /[\u3400-\u9fff]/;
const invalid = parse('query Nope { zzqx }') as TypedDocumentNode<unknown, Record<string, never>>;
/** Fails in execution, after the socket was admitted: a cursor this server never gave out. */
const forgedCursor = parse('query Forged { rosterEvents(filter: { gridId: "R3JpZDox" }, after: "zzz") { cursor } }') as TypedDocumentNode<unknown, Record<string, never>>;

/** The one error of a request made twice: with no Accept-Language, and with `en`. */
async function inBothLanguages<TData, TVars>(client: GraphQLTestClient, document: TypedDocumentNode<TData, TVars>, variables?: TVars) {
  const [zh, en] = await Promise.all([null, 'en'].map(async (language) => {
    const { errors } = await client.withLanguage(language).request(document, variables);
    expect(errors).toHaveLength(1);
    return errors![0];
  }));
  expect(zh.extensions).toEqual(en.extensions);
  return { zh, en };
}

describe('errors over HTTP', () => {
  it('answers in Chinese when the request names no language, in English with Accept-Language: en', async () => {
    const { zh, en } = await inBothLanguages(server.anonymous, MeDocument);
    expect(zh).toMatchObject({ message: '请先登录：请求中没有有效的令牌。', extensions: { code: 'UNAUTHENTICATED' } });
    expect(en.message).toBe('Sign in first: no valid token was given.');
  });

  it('keeps field and reason, and translates advice built from parts (a weak password)', async () => {
    const { zh, en } = await inBothLanguages(orgAdmin, CreateAccountDocument, {
      mobile: mobileNumber(), displayName: '网格员', password: 'password1', role: 'COORDINATOR', organizationId: village.id,
    });
    expect(zh.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password', reason: 'WEAK_PASSWORD' });
    expect(zh.message).toMatch(/^密码太容易被猜到：.*[\u3400-\u9fff]/);
    expect(en.message).toMatch(/^Password is too easy to guess: [A-Z].*\.$/);
  });

  it('says NOT_FOUND for a record it cannot show in both languages alike', async () => {
    const { zh, en } = await inBothLanguages(orgAdmin, NodeByIdDocument, { id: toGlobalId('Shift', 987654) });
    expect(zh.extensions?.code).toBe('NOT_FOUND');
    expect([zh.message, en.message]).toEqual(['未找到该记录。', 'Node not found.']);
  });

  it("leads graphql-js's own validation message with a sentence in the caller's language", async () => {
    const { zh, en } = await inBothLanguages(orgAdmin, invalid);
    expect(zh.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query', reason: 'GRAPHQL_VALIDATION_FAILED' });
    expect(en.message).toBe('Cannot query field "zzqx" on type "Query".');
    expect(zh.message).toBe(`查询不符合接口定义：${en.message}`);
  });

  it("renders a scalar's refusal inside graphql-js's variable error in the caller's language", async () => {
    const { zh, en } = await inBothLanguages(orgAdmin, CheckInDocument, { assignmentId: toGlobalId('Assignment', 1), at: '3000-01-01T00:00:00Z' });
    expect(zh.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
    expect(en.message).toMatch(/^Variable "\$at" got invalid value .*; DateTime must lie between 1970-01-01 and 2999-12-31\.$/);
    expect(zh.message).toMatch(/^变量取值无效：Variable "\$at" got invalid value .*; DateTime 必须在 1970-01-01 至 2999-12-31 之间。$/);
  });

  it('chooses the most preferred language it has from Accept-Language, and Chinese otherwise', async () => {
    const messages = await Promise.all(['en-US,en;q=0.9', 'fr', 'fr, en;q=0.5', 'zh-CN,zh;q=0.9,en;q=0.8', 'zh-TW', '*'].map(async (language) => {
      const { errors } = await server.anonymous.withLanguage(language).request(MeDocument);
      return CJK.test(errors![0].message) ? 'zh' : 'en';
    }));
    expect(messages).toEqual(['en', 'zh', 'en', 'zh', 'zh', 'zh']);
  });

  it('answers a body that is not JSON in the language asked for', async () => {
    const post = (headers: Record<string, string>) => fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"query":' })
      .then(async (r) => ({ status: r.status, ...(await r.json()) as { errors: GraphQLFormattedError[] } }));
    const [zh, en] = await Promise.all([post({}), post({ 'accept-language': 'en' })]);
    expect(zh).toEqual({ status: 400, errors: [{ message: '请求体不是有效的 JSON。', extensions: { code: 'BAD_USER_INPUT', field: 'body' } }] });
    expect(en.errors[0].message).toBe('Request body is not valid JSON.');
  });
});

describe('registration results', () => {
  it("say what happened to each row in the registrar's language, with the same outcome, code and field", async () => {
    const reports = await Promise.all([null, 'en'].map(async (language) => {
      const person = volunteerRow();
      const { registerVolunteers } = await orgAdmin.withLanguage(language).ok(RegisterVolunteersDocument, {
        organizationId: village.id, atomic: false, volunteers: [volunteerRow({ mobile: '12345678901' }), person, { ...person }],
      });
      return registerVolunteers.results;
    }));
    const shape = (results: typeof reports[number]) => results.map((r) => [r.row, r.outcome, r.errorCode, r.errorField, r.sameAsRow]);
    expect(shape(reports[0])).toEqual(shape(reports[1]));
    expect(reports[0].map((r) => r.message)).toEqual(['mobile 必须是以 13–19 开头的 11 位数字。', null, '与第 1 行是同一人。']);
    expect(reports[1].map((r) => r.message)).toEqual(['mobile must be 11 digits starting 1[3-9].', null, 'Same person as row 1.']);
  });
});

/** A socket whose upgrade request carries Accept-Language, as a browser's does. */
function socketAsking(language: string) {
  return class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { 'accept-language': language } });
    }
  };
}

describe('errors over graphql-ws', () => {
  async function overSocket(language: string | null, document: TypedDocumentNode<unknown, Record<string, never>>, upgradeLanguage?: string) {
    const client = upgradeLanguage
      ? createClient({ url: server.wsUrl, webSocketImpl: socketAsking(upgradeLanguage), lazy: true, retryAttempts: 0, connectionParams: { authorization: `Bearer ${orgAdmin.token}`, ...(language ? { language } : {}) } })
      : wsClient(server.wsUrl, orgAdmin.token, language);
    try {
      const { errors } = await wsOnce(client, document);
      expect(errors).toHaveLength(1);
      return errors![0];
    } finally {
      await client.dispose();
    }
  }

  it('answers in Chinese unless connection_init names a language, for execution and validation errors alike', async () => {
    const [meZh, meEn, invalidZh, invalidEn] = await Promise.all([
      overSocket(null, forgedCursor), overSocket('en', forgedCursor), overSocket(null, invalid), overSocket('en', invalid),
    ]);
    expect([meZh.message, meEn.message]).toEqual(['after 不是本服务器给出的游标。', 'after is not a cursor this server gave out.']);
    expect(meZh.extensions).toEqual(meEn.extensions);
    expect(invalidZh.message).toBe(`查询不符合接口定义：${invalidEn.message}`);
    expect(invalidZh.extensions).toEqual(invalidEn.extensions);
  });

  it("takes the upgrade request's Accept-Language when connection_init names none, and connection_init over it", async () => {
    const [byHeader, byParams] = await Promise.all([overSocket(null, forgedCursor, 'en-GB,en'), overSocket('zh-CN', forgedCursor, 'en')]);
    expect(byHeader.message).toBe('after is not a cursor this server gave out.');
    expect(byParams.message).toBe('after 不是本服务器给出的游标。');
  });
});

describe('printed pages', () => {
  const row: CertificateRow = {
    id: 1, organizationId: 1, volunteerId: 1, number: 'HWC-2022-0001', periodFrom: '2022-04-08', periodTo: '2022-05-01',
    content: {
      title: '志愿服务记录证明', number: 'HWC-2022-0001', issuedOn: '2022-05-03', organization: { name: '海尾村' },
      volunteer: { name: '林秀英', idNumber: null }, period: { from: '2022-04-08', to: '2022-05-01' },
      totals: { minutes: 750, hours: 12.5, personTimes: 2 },
      items: [{ date: '2022-04-09', duty: 'CHECKPOINT', place: '三乡村卡口', hours: 12.5, personTimes: 2 } as CertificateRow['content']['items'][number]],
    },
    contentHash: 'abc', verificationCode: 'K7Q2', issuedBy: 1, issuedAt: new Date('2022-05-03T02:00:00Z'), supersededBy: null, superseded: false,
  } as CertificateRow;

  it('print a certificate in Chinese as issued, or in English with the same facts', () => {
    const [zh, en] = [certificatePrintable(row), certificatePrintable(row, 'en')];
    expect(zh.title).toBe('志愿服务记录证明');
    expect(en.title).toBe('Certificate of Volunteer Service');
    expect(en.facts.map(([label]) => label).join(' ')).not.toMatch(CJK);
    expect(en.facts.map(([, value]) => value)).toEqual(['HWC-2022-0001', '林秀英', 'Not recorded', '海尾村', '2022-04-08 to 2022-05-01', '12.50 hours', '2', '2022-05-03']);
    expect(en.table.rows).toEqual([['2022-04-09', 'Checkpoint', '三乡村卡口', '12.50']]);
    expect(zh.table.rows).toEqual([['2022-04-09', '卡口值守', '三乡村卡口', '12.50']]);
    expect(renderHtml(en)).toContain('<html lang="en">');
    expect(renderHtml(zh)).toContain('<html lang="zh-CN">');
  });
});
