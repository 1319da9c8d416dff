-- Releases: deployments whose environment is unset or production (CONTRACT §1: a set environment
-- other than production/prod is not a release). Case and surrounding blanks are ignored.
CREATE TEMP VIEW panel_releases AS
SELECT *
FROM deployments
-- The exact spellings are tested first: most rows match them, and the engine then skips LOWER(TRIM()) for them.
WHERE environment IS NULL
   OR environment IN ('production', 'prod')
   OR TRIM(environment) = ''
   OR LOWER(TRIM(environment)) IN ('production', 'prod')
