import DataLoader from 'dataloader';
import type { SQL } from 'drizzle-orm';
import { volunteers } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import { toPage, type Page } from '../../platform/pagination';
import { seesCorrection, type Viewer } from '../auth/viewer';
import type { OrganizationLoaders } from '../organizations/organization.loaders';
import type { OrganizationRow } from '../organizations/organization.type';
import { countsByOrganization, effectiveStatuses, pageIdsByOrganization, volunteersByIds } from './volunteer.queries';
import { effectiveStatusSql, volunteerListSql } from './volunteer.policy';
import { visibleVolunteerSql } from './volunteer.scope';
import type { VolunteerRow, VolunteerStatus } from './volunteer.type';

/**
 * Who registered a volunteer, as far as this viewer may know. `shown` is what registeredBy
 * answers; `authorityPath` is the organization whose admins read the personal data in full.
 * A correction office the viewer may not know about is neither shown nor an authority: nobody
 * else stands in for it, so such a person looks exactly like anyone registered first by an
 * organization the viewer cannot see (registrar null, data masked), and only the platform admin
 * and the person themself read their data in full.
 */
export interface Registrar {
  shown: OrganizationRow | null;
  authorityPath: string | null;
}

export interface OrganizationPageKey {
  orgId: number;
  status: VolunteerStatus | null;
  limit: number;
  afterId: number | null;
}

const pageKey = (k: OrganizationPageKey) => JSON.stringify([k.orgId, k.status, k.limit, k.afterId]);

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

const byIdOrNull = <T extends { id: number }>(ids: readonly number[], rows: T[]) => {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
};

const NO_REGISTRAR: Registrar = { shown: null, authorityPath: null };

/** The batch behind VolunteerLoaders.registrar: the registrars through the organization loaders, two statements at most. */
async function registrarsFor(viewer: Viewer | null, organizations: OrganizationLoaders, rows: readonly VolunteerRow[]): Promise<Registrar[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.registeredBy == null ? [] : [r.registeredBy])))];
  const [all, visible] = await Promise.all([
    Promise.all(ids.map((id) => organizations.anyById.load(id))),
    Promise.all(ids.map((id) => organizations.visibleById.load(id))),
  ]);
  const byId = new Map(ids.map((id, i) => [id, { org: all[i], visible: visible[i] }]));
  return rows.map((r): Registrar => {
    const entry = r.registeredBy == null ? undefined : byId.get(r.registeredBy);
    const org = entry?.org;
    if (!org || (org.kind === 'CORRECTION_OFFICE' && !seesCorrection(viewer, org.path))) return NO_REGISTRAR;
    return { shown: entry.visible, authorityPath: org.path };
  });
}

export function createVolunteerLoaders(db: DbOrTx, viewer: Viewer | null, organizations: OrganizationLoaders) {
  /** Volunteers the viewer may see; null for the rest (and for everyone without a viewer). */
  const visibleById = new DataLoader<number, VolunteerRow | null>(async (ids) =>
    viewer ? byIdOrNull(ids, await volunteersByIds(db, ids, visibleVolunteerSql(viewer, volunteers.id))) : ids.map(() => null));

  /** Unscoped, for services' own checks and rows already scoped by a list query. */
  const anyById = new DataLoader<number, VolunteerRow | null>(async (ids) => byIdOrNull(ids, await volunteersByIds(db, ids)));

  const registrar = new DataLoader<VolunteerRow, Registrar, number>(
    (rows) => registrarsFor(viewer, organizations, rows), { cacheKeyFn: (row) => row.id });

  /** Organization.volunteers for every organization of a response: two statements per page shape. */
  const organizationPages = new DataLoader<OrganizationPageKey, Page<VolunteerRow>, string>(async (keys) => {
    if (!viewer) return keys.map((k) => toPage([], k.limit, 0, () => []));
    const results = new Map<string, Page<VolunteerRow>>();
    for (const group of groupBy(keys, (k) => JSON.stringify([k.status, k.limit, k.afterId])).values()) {
      const { status, limit, afterId } = group[0];
      const where = (orgPath: SQL) => volunteerListSql(viewer, { organizationPath: orgPath, status });
      const orgIds = [...new Set(group.map((k) => k.orgId))];
      const [pairs, counts] = await Promise.all([
        pageIdsByOrganization(db, orgIds, where, { afterId, limit: limit + 1 }),
        countsByOrganization(db, orgIds, where),
      ]);
      const rows = await Promise.all(pairs.map((p) => anyById.load(p.volunteerId)));
      for (const key of group) {
        const own = rows.filter((row, i): row is VolunteerRow => row != null && pairs[i].orgId === key.orgId);
        results.set(pageKey(key), toPage(own, limit, counts.get(key.orgId) ?? 0, (row) => [row.id]));
      }
    }
    return keys.map((k) => results.get(pageKey(k))!);
  }, { cacheKeyFn: pageKey });

  /** Volunteer.status as this viewer sees it (volunteer.policy effectiveStatusSql); the row's own status for the person themself. */
  const standing = new DataLoader<VolunteerRow, VolunteerStatus, number>(async (rows) => {
    const asked = rows.filter((r) => r.id !== viewer?.volunteerId).map((r) => r.id);
    const seen = asked.length ? await effectiveStatuses(db, asked, (id, status) => effectiveStatusSql(viewer, id, status)) : new Map<number, VolunteerStatus>();
    return rows.map((r) => seen.get(r.id) ?? r.status);
  }, { cacheKeyFn: (row) => row.id });

  return { visibleById, anyById, registrar, organizationPages, standing };
}

export type VolunteerLoaders = ReturnType<typeof createVolunteerLoaders>;
