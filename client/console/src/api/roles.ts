import { useMemo } from 'react';
import type { Account } from './session';

export type Organization = { id: string; name: string; kind: string };

/** The organizations the signed-in staff account holds a role in, once each, in the order granted. */
export function organizationsOf(account: Account | null, roles?: readonly string[]): Organization[] {
  const seen = new Map<string, Organization>();
  for (const grant of account?.roles ?? []) {
    if (!grant.organization || (roles && !roles.includes(grant.role))) continue;
    if (!seen.has(grant.organization.id)) seen.set(grant.organization.id, grant.organization);
  }
  return [...seen.values()];
}

export const isCorrectionOfficer = (account: Account | null) => organizationsOf(account, ['CORRECTION_OFFICER']).length > 0;

export const isPlatformAdmin = (account: Account | null) => (account?.roles ?? []).some((grant) => grant.role === 'PLATFORM_ADMIN');

/**
 * The correction offices whose officer the account is. Only their officers ever learn that the
 * office has participants: everyone else gets no menu entry and a not-found page.
 */
export function useCorrectionOffices(account: Account | null): Organization[] {
  return useMemo(() => organizationsOf(account, ['CORRECTION_OFFICER']), [account]);
}
