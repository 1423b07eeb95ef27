import { registerEnumType } from 'type-graphql';

export const ORGANIZATION_KINDS = [
  'PARTY_ORGANIZATION', 'CHAMBER_OF_COMMERCE', 'CORRECTION_OFFICE', 'COMMUNITY',
  'ENTERPRISE', 'PROPERTY_MANAGER', 'SOCIAL_ORGANIZATION', 'GOVERNMENT',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const OrganizationKind = Object.fromEntries(ORGANIZATION_KINDS.map((k) => [k, k])) as { [K in OrganizationKind]: K };

registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  valuesConfig: {
    PARTY_ORGANIZATION: { description: 'Party committee or Party organization of an enterprise, institution or community.' },
    CHAMBER_OF_COMMERCE: { description: 'Chamber of commerce or trade association (商会/商协会).' },
    CORRECTION_OFFICE: { description: 'Judicial office supervising community-correction participants (司法所).' },
    COMMUNITY: { description: 'Village or residential community committee (村/社区).' },
    SOCIAL_ORGANIZATION: { description: 'Social organization or specialised team, e.g. a rescue team (救援队).' },
  },
});
