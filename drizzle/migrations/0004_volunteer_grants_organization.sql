-- A VOLUNTEER grant names the volunteer's organization (RoleGrant.organization is null only for
-- PLATFORM_ADMIN). Grants made before signUp and createVolunteerAccount recorded it take the
-- registering organization, else the earliest affiliation.
UPDATE role_grants g
SET organization_id = coalesce(v.registered_by, (
  SELECT a.organization_id FROM volunteer_affiliations a
  WHERE a.volunteer_id = v.id ORDER BY a.created_at, a.organization_id LIMIT 1))
FROM accounts acc JOIN volunteers v ON v.id = acc.volunteer_id
WHERE g.account_id = acc.id AND g.role = 'VOLUNTEER' AND g.organization_id IS NULL;
