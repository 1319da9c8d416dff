-- What the panel leaves out, so that nothing is lost silently: PRs no team could be found for, and
-- events inside the panel's periods that fall in a team-period without members, and events outside the
-- panel's periods (before or after the AI-usage telemetry).
SELECT
    (SELECT CAST(COUNT(*) AS BIGINT) FROM panel_pr_teams WHERE attributed_team IS NULL) AS unattributed_pull_requests,
    (SELECT CAST(COALESCE(SUM(d.deployments), 0) AS BIGINT) FROM panel_deployments AS d
       JOIN panel_periods AS per ON per.period_start = d.period_start
      WHERE NOT EXISTS (SELECT 1 FROM panel_team_periods AS tp
                         WHERE tp.team_key = d.team_key AND tp.period_start = d.period_start)) AS deployments_without_members,
    (SELECT CAST(COALESCE(SUM(pm.merged_prs), 0) AS BIGINT) FROM panel_pr_merged AS pm
       JOIN panel_periods AS per ON per.period_start = pm.period_start
      WHERE NOT EXISTS (SELECT 1 FROM panel_team_periods AS tp
                         WHERE tp.team_key = pm.team_key AND tp.period_start = pm.period_start)) AS merged_prs_without_members,
    (SELECT CAST(COALESCE(SUM(i.incidents + i.defects), 0) AS BIGINT) FROM panel_incidents AS i
       JOIN panel_periods AS per ON per.period_start = i.period_start
      WHERE NOT EXISTS (SELECT 1 FROM panel_team_periods AS tp
                         WHERE tp.team_key = i.team_key AND tp.period_start = i.period_start)) AS incidents_without_members,
    (SELECT CAST(COALESCE(SUM(d.deployments), 0) AS BIGINT) FROM panel_deployments AS d
      WHERE NOT EXISTS (SELECT 1 FROM panel_periods AS per WHERE per.period_start = d.period_start))
  + (SELECT CAST(COALESCE(SUM(pm.merged_prs), 0) AS BIGINT) FROM panel_pr_merged AS pm
      WHERE NOT EXISTS (SELECT 1 FROM panel_periods AS per WHERE per.period_start = pm.period_start))
  + (SELECT CAST(COALESCE(SUM(i.incidents + i.defects), 0) AS BIGINT) FROM panel_incidents AS i
      WHERE NOT EXISTS (SELECT 1 FROM panel_periods AS per WHERE per.period_start = i.period_start)) AS events_outside_periods
