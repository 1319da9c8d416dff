-- Incident outcomes in the period of created_at. incidents: kind 'incident' or empty; defects: kind
-- 'defect'; escaped_defects: any row with escaped = true. recovery_hours: exact median time to
-- resolve of incidents whose caused_by_deployment_key names a release, resolved by the cut-off.
CREATE TEMP TABLE panel_incidents AS
WITH release_ids AS (
    SELECT DISTINCT r.deployment_key
    FROM panel_releases AS r
    CROSS JOIN panel_params AS p
    WHERE r.finished_at < p.cutoff
)
SELECT i.team_key,
       CAST(DATE_TRUNC('{period_unit}', i.created_at) AS DATE) AS period_start,
       SUM(CASE WHEN i.kind IS NULL OR i.kind = 'incident' THEN 1 ELSE 0 END) AS incidents,
       SUM(CASE WHEN i.kind = 'defect' THEN 1 ELSE 0 END) AS defects,
       SUM(CASE WHEN i.escaped THEN 1 ELSE 0 END) AS escaped_defects,
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
           CASE WHEN (i.kind IS NULL OR i.kind = 'incident')
                 AND r.deployment_key IS NOT NULL
                 AND i.resolved_at >= i.created_at
                 AND i.resolved_at < p.cutoff
                THEN EXTRACT(EPOCH FROM (i.resolved_at - i.created_at)) / 3600.0 END) AS recovery_hours
FROM incidents AS i
CROSS JOIN panel_params AS p
LEFT JOIN release_ids AS r ON r.deployment_key = i.caused_by_deployment_key
WHERE i.created_at < p.cutoff
GROUP BY i.team_key, CAST(DATE_TRUNC('{period_unit}', i.created_at) AS DATE)
