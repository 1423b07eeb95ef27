import { BadUserInputError, NotFoundError } from './errors';

/** Every type that implements Node; the prefix makes ids opaque and self-describing. */
export type NodeType =
  | 'Account' | 'Organization' | 'Team' | 'Volunteer' | 'Grid' | 'Deployment'
  | 'Shift' | 'Assignment' | 'HourAdjustment' | 'AffiliationRequest' | 'HoursCorrectionRequest' | 'Certificate' | 'CertificateRequest'
  | 'Household' | 'ServiceRequest' | 'ServiceRun';

export function toGlobalId(type: NodeType, id: number): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

export function parseGlobalId(globalId: string): { type: string; id: number } | null {
  const decoded = Buffer.from(String(globalId), 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):([1-9]\d{0,9})$/.exec(decoded);
  if (!match) return null;
  const id = Number(match[2]);
  return id <= 2147483647 ? { type: match[1], id } : null;
}

/**
 * Decodes an id argument. A malformed id is bad input; an id of another type is treated like
 * one that does not exist, so probing with ids reveals nothing.
 */
export function fromGlobalId(globalId: string, type: NodeType, field = 'id'): number {
  const parsed = parseGlobalId(globalId);
  if (!parsed) throw new BadUserInputError({ key: 'ids.invalid', params: { field } }, field);
  if (parsed.type !== type) throw new NotFoundError(type);
  return parsed.id;
}

export function fromGlobalIdOrNull(globalId: string | null | undefined, type: NodeType, field = 'id'): number | null {
  return globalId == null ? null : fromGlobalId(globalId, type, field);
}
