import DataLoader from 'dataloader';
import type { SQL } from 'drizzle-orm';
import { volunteers } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import { toPage, type Page } from '../../platform/pagination';
import { seesCorrection, type Viewer } from '../auth/viewer';
import type { OrganizationLoaders } from '../organizations/organization.loaders';
import type { OrganizationRow } from '../organizations/organization.type';
import { affiliationsOf, countsByOrganization, pageIdsByOrganization, volunteersByIds } from './volunteer.queries';
import { volunteerListSql } from './volunteer.policy';
import { visibleVolunteerSql } from './volunteer.scope';
import type { VolunteerRow, VolunteerStatus } from './volunteer.type';

/**
 * Who registered a volunteer, as far as this viewer may know. `shown` is what registeredBy
 * answers; `authorityPath` is the organization whose admins read the personal data in full.
 * When the real registrar is a correction office the viewer may not know about, the earliest
 * ordinary affiliation stands in for it — the same one for every such viewer, shown only to those
 * who see it — so neither field names the office, and organizations that affiliated the person
 * after the stand-in see them as they see anyone registered first elsewhere (registrar hidden or
 * another organization, data masked), not as their own registration.
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

/** The batch behind VolunteerLoaders.registrar: three statements at most, whatever the number of rows. */
async function registrarsFor(db: DbOrTx, viewer: Viewer | null, organizations: OrganizationLoaders, rows: readonly VolunteerRow[]): Promise<Registrar[]> {
  const regIds = [...new Set(rows.flatMap((r) => (r.registeredBy == null ? [] : [r.registeredBy])))];
  const regs = new Map((await Promise.all(regIds.map((id) => organizations.anyById.load(id)))).flatMap((o) => (o ? [[o.id, o] as const] : [])));
  const hidden = (r: VolunteerRow) => {
    const org = r.registeredBy == null ? undefined : regs.get(r.registeredBy);
    return !!org && org.kind === 'CORRECTION_OFFICE' && !seesCorrection(viewer, org.path);
  };
  const hiddenIds = rows.filter(hidden).map((r) => r.id);
  // Only an ordinary affiliation may stand in for a correction office the viewer may not know about.
  const substitutes = hiddenIds.length ? (await affiliationsOf(db, hiddenIds)).filter((a) => a.kind !== 'CORRECTION_OFFICE') : [];
  const shownIds = [...new Set([...regIds, ...substitutes.map((a) => a.organizationId)])];
  const loaded = await Promise.all(shownIds.map((id) => organizations.visibleById.load(id)));
  const visible = new Map(shownIds.map((id, i) => [id, loaded[i]]));
  const seen = (id: number) => visible.get(id) ?? null;
  return rows.map((r): Registrar => {
    const org = r.registeredBy == null ? undefined : regs.get(r.registeredBy);
    if (!org) return { shown: null, authorityPath: null };
    if (!hidden(r)) return { shown: seen(org.id), authorityPath: org.path };
    // affiliationsOf is oldest first: the first ordinary affiliation, whoever is asking.
    const standIn = substitutes.find((a) => a.volunteerId === r.id);
    return standIn ? { shown: seen(standIn.organizationId), authorityPath: standIn.path } : { shown: null, authorityPath: null };
  });
}

export function createVolunteerLoaders(db: DbOrTx, viewer: Viewer | null, organizations: OrganizationLoaders) {
  /** Volunteers the viewer may see; null for the rest (and for everyone without a viewer). */
  const visibleById = new DataLoader<number, VolunteerRow | null>(async (ids) =>
    viewer ? byIdOrNull(ids, await volunteersByIds(db, ids, visibleVolunteerSql(viewer, volunteers.id))) : ids.map(() => null));

  /** Unscoped, for services' own checks and rows already scoped by a list query. */
  const anyById = new DataLoader<number, VolunteerRow | null>(async (ids) => byIdOrNull(ids, await volunteersByIds(db, ids)));

  const registrar = new DataLoader<VolunteerRow, Registrar, number>(
    (rows) => registrarsFor(db, viewer, organizations, rows), { cacheKeyFn: (row) => row.id });

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

  return { visibleById, anyById, registrar, organizationPages };
}

export type VolunteerLoaders = ReturnType<typeof createVolunteerLoaders>;
