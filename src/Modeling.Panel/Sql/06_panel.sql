-- Adoption: each team's first period whose ai_active_share reaches the threshold (NULL = never).
CREATE TEMP TABLE panel_adoption AS
SELECT tp.team_key,
       MIN(CASE WHEN CAST(ai.active_members AS DOUBLE) / tp.members >= p.adoption_threshold
                THEN tp.period_start END) AS adoption_start
FROM panel_team_periods AS tp
JOIN panel_ai AS ai ON ai.team_key = tp.team_key AND ai.period_start = tp.period_start
CROSS JOIN panel_params AS p
GROUP BY tp.team_key;

-- Interactions by tool and by model, one column each (the list is generated from the data).
CREATE TEMP TABLE panel_usage_mix AS
SELECT team_key, period_start{mix_sums}
FROM panel_usage
GROUP BY team_key, period_start;

-- The panel: one row per team-period with members. Counts without events are 0; ratios and medians
-- without events are NULL (undefined, not zero).
CREATE TEMP TABLE panel_result AS
SELECT t.team_id,
       per.period_label AS period,
       tp.engineers,
       ado.period_label AS adoption_period,
       CAST(COALESCE(d.deployments, 0) AS BIGINT) AS deployments,
       CAST(COALESCE(d.deployment_days, 0) AS BIGINT) AS deployment_days,
       CAST(COALESCE(pm.merged_prs, 0) AS BIGINT) AS merged_prs,
       d.lead_time_hours,
       pm.pr_cycle_hours,
       pv.review_wait_hours,
       pm.pr_size_lines,
       CAST(d.failed_releases AS DOUBLE) / NULLIF(d.releases, 0) AS change_failure_rate,
       CAST(COALESCE(i.incidents, 0) AS BIGINT) AS incidents,
       CAST(COALESCE(i.defects, 0) AS BIGINT) AS defects,
       CAST(COALESCE(i.escaped_defects, 0) AS BIGINT) AS escaped_defects,
       i.recovery_hours,
       CAST(d.rework_releases AS DOUBLE) / NULLIF(d.releases, 0) AS rework_rate,
       CAST(pm.reverted_prs AS DOUBLE) / NULLIF(pm.merged_prs, 0) AS revert_rate,
       COALESCE(d.deployments, 0) / tp.engineers AS deployments_per_engineer,
       COALESCE(d.deployment_days, 0) / tp.engineers AS deployment_days_per_engineer,
       COALESCE(pm.merged_prs, 0) / tp.engineers AS merged_prs_per_engineer,
       COALESCE(i.incidents, 0) / tp.engineers AS incidents_per_engineer,
       COALESCE(i.defects, 0) / tp.engineers AS defects_per_engineer,
       COALESCE(i.escaped_defects, 0) / tp.engineers AS escaped_defects_per_engineer,
       CAST(ai.active_members AS DOUBLE) / tp.members AS ai_active_share,
       ai.interactions / tp.engineers AS ai_interactions_per_engineer,
       CAST(ai.acceptances AS DOUBLE) / NULLIF(ai.suggestions, 0) AS ai_acceptance_rate,
       CAST(ai.agent_interactions AS DOUBLE) / NULLIF(ai.interactions, 0) AS agent_share{mix_columns},
       t.org,
       t.service_tier,
       t.primary_language,
       CAST(tp.members AS INTEGER) AS members,
       per.period_ordinal AS period_index,
       COALESCE(ado.period_ordinal, 0) AS cohort
FROM panel_team_periods AS tp
JOIN panel_periods AS per ON per.period_start = tp.period_start
JOIN panel_ai AS ai ON ai.team_key = tp.team_key AND ai.period_start = tp.period_start
LEFT JOIN panel_adoption AS a ON a.team_key = tp.team_key
LEFT JOIN panel_periods AS ado ON ado.period_start = a.adoption_start
JOIN teams AS t ON t.team_key = tp.team_key
LEFT JOIN panel_deployments AS d ON d.team_key = tp.team_key AND d.period_start = tp.period_start
LEFT JOIN panel_pr_merged AS pm ON pm.team_key = tp.team_key AND pm.period_start = tp.period_start
LEFT JOIN panel_pr_reviews AS pv ON pv.team_key = tp.team_key AND pv.period_start = tp.period_start
LEFT JOIN panel_incidents AS i ON i.team_key = tp.team_key AND i.period_start = tp.period_start
LEFT JOIN panel_usage_mix AS mix ON mix.team_key = tp.team_key AND mix.period_start = tp.period_start
