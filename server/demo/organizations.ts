import { CreateOrganizationDocument } from '../../client/sdk';
import type { DemoClient } from './gql';

/**
 * The organization tree of the reports: the city at the root; towns and subdistricts; villages
 * and communities; firms, their Party committees and a chamber of commerce in 安海; the judicial
 * office supervising correction participants; a rescue team.
 */
export const ORGANIZATIONS = [
  { key: 'jinjiang', name: '晋江市', kind: 'GOVERNMENT', parent: null },
  { key: 'chendai', name: '陈埭镇人民政府', kind: 'GOVERNMENT', parent: 'jinjiang' },
  { key: 'lingyuan', name: '灵源街道办事处', kind: 'GOVERNMENT', parent: 'jinjiang' },
  { key: 'dongshi', name: '东石镇人民政府', kind: 'GOVERNMENT', parent: 'jinjiang' },
  { key: 'anhai', name: '安海镇人民政府', kind: 'GOVERNMENT', parent: 'jinjiang' },
  { key: 'yangdai', name: '洋埭村委会', kind: 'COMMUNITY', parent: 'chendai' },
  { key: 'haiwei', name: '海尾村委会', kind: 'COMMUNITY', parent: 'chendai' },
  { key: 'jiangpu', name: '江浦社区居委会', kind: 'COMMUNITY', parent: 'chendai' },
  { key: 'quanshang', name: '泉商公馆物业服务中心', kind: 'PROPERTY_MANAGER', parent: 'jiangpu' },
  { key: 'hengan', name: '恒安集团', kind: 'ENTERPRISE', parent: 'anhai' },
  { key: 'henganParty', name: '恒安集团党委', kind: 'PARTY_ORGANIZATION', parent: 'hengan' },
  { key: 'anhaiChamber', name: '安海商会', kind: 'CHAMBER_OF_COMMERCE', parent: 'anhai' },
  { key: 'xintang', name: '新塘司法所', kind: 'CORRECTION_OFFICE', parent: 'jinjiang' },
  { key: 'bluesky', name: '晋江蓝天救援队', kind: 'SOCIAL_ORGANIZATION', parent: 'jinjiang' },
] as const;

export type OrgKey = (typeof ORGANIZATIONS)[number]['key'];
export type OrgIds = Record<OrgKey, string>;

/** The name the demo's root organization has; finding it means a load has begun (completion.ts). */
export const ROOT_ORGANIZATION = ORGANIZATIONS[0].name;

/** Creates the tree top-down (parents come first in the list); returns GraphQL ids by key. */
export async function createOrganizations(admin: DemoClient): Promise<OrgIds> {
  const ids = {} as OrgIds;
  for (const org of ORGANIZATIONS) {
    const { createOrganization } = await admin.request(CreateOrganizationDocument,
      { name: org.name, kind: org.kind, parentId: org.parent ? ids[org.parent] : null });
    ids[org.key] = createOrganization.id;
  }
  return ids;
}
