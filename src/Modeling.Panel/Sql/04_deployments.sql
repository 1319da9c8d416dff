-- Incidents that name a deployment as their cause (kind 'incident' or empty, created by the cut-off).
CREATE TEMP TABLE panel_failure_causes AS
SELECT DISTINCT i.caused_by_deployment_key AS deployment_key
FROM incidents AS i
CROSS JOIN panel_params AS p
WHERE i.caused_by_deployment_key IS NOT NULL
  AND (i.kind IS NULL OR i.kind = 'incident')
  AND i.created_at < p.cutoff;

-- Release outcomes in the period of finished_at. deployments counts successful releases (rollbacks and
-- hotfixes included); change_failure_rate's numerator is failed releases plus successful releases an
-- incident names; its denominator, like rework_rate's, is every release.
CREATE TEMP TABLE panel_deployments AS
SELECT d.team_key,
       CAST(DATE_TRUNC('{period_unit}', d.finished_at) AS DATE) AS period_start,
       SUM(CASE WHEN d.status = 'success' THEN 1 ELSE 0 END) AS deployments,
       COUNT(DISTINCT CASE WHEN d.status = 'success' THEN CAST(d.finished_at AS DATE) END) AS deployment_days,
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
           CASE WHEN d.status = 'success' AND d.first_commit_at <= d.finished_at
                THEN EXTRACT(EPOCH FROM (d.finished_at - d.first_commit_at)) / 3600.0 END) AS lead_time_hours,
       COUNT(*) AS releases,
       SUM(CASE WHEN d.status = 'failure' OR c.deployment_key IS NOT NULL THEN 1 ELSE 0 END) AS failed_releases,
       SUM(CASE WHEN d.is_unplanned OR d.is_rollback OR d.is_hotfix THEN 1 ELSE 0 END) AS rework_releases
FROM panel_releases AS d
CROSS JOIN panel_params AS p
LEFT JOIN panel_failure_causes AS c ON c.deployment_key = d.deployment_key
WHERE d.finished_at < p.cutoff
GROUP BY d.team_key, CAST(DATE_TRUNC('{period_unit}', d.finished_at) AS DATE)
