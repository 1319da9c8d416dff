-- Small dictionaries, so that the one large aggregation below groups on integers only (measured: ~40% faster
-- than grouping the 30 M usage rows on the tool and model strings).
CREATE TEMP TABLE panel_tools AS
SELECT tool, CAST(ROW_NUMBER() OVER (ORDER BY tool) AS INTEGER) AS tool_key
FROM (SELECT DISTINCT tool FROM panel_usage_segments) AS t;

CREATE TEMP TABLE panel_models AS
SELECT model, CAST(ROW_NUMBER() OVER (ORDER BY model) AS INTEGER) AS model_key
FROM (SELECT DISTINCT model FROM panel_usage_segments) AS m;

-- Usage per team, period, tool and model, in one pass over the usage segments. A segment counts for every team
-- the engineer was a member of on its days (the day of a move is in both roster ranges, like engineer-months);
-- segments never cross a period or a change of membership, so joining on the first day is exact.
-- Acceptance sums only use rows where both suggestions and acceptances are known (paired_*), so that their
-- ratio is a ratio of sums over the same rows.
CREATE TEMP TABLE panel_usage_keyed AS
SELECT m.team_key,
       CAST(DATE_TRUNC('{period_unit}', u.first_day) AS DATE) AS period_start,
       t.tool_key,
       md.model_key,
       SUM(u.interactions) AS interactions,
       SUM(u.paired_suggestions) AS suggestions,
       SUM(u.paired_acceptances) AS acceptances,
       SUM(u.agent_interactions) AS agent_interactions
FROM panel_usage_segments AS u
JOIN panel_memberships AS m
  ON m.engineer_key = u.engineer_key
 AND u.first_day BETWEEN m.member_from AND m.member_to
JOIN panel_tools AS t ON t.tool = u.tool
JOIN panel_models AS md ON md.model IS NOT DISTINCT FROM u.model
GROUP BY m.team_key, CAST(DATE_TRUNC('{period_unit}', u.first_day) AS DATE), t.tool_key, md.model_key;

CREATE TEMP TABLE panel_usage AS
SELECT u.team_key, u.period_start, t.tool, md.model,
       CAST(u.interactions AS BIGINT) AS interactions,
       CAST(u.suggestions AS BIGINT) AS suggestions,
       CAST(u.acceptances AS BIGINT) AS acceptances,
       CAST(u.agent_interactions AS BIGINT) AS agent_interactions
FROM panel_usage_keyed AS u
JOIN panel_tools AS t ON t.tool_key = u.tool_key
JOIN panel_models AS md ON md.model_key = u.model_key;

-- Engineers with at least one AI interaction in a period (on any team, or none).
CREATE TEMP TABLE panel_active_engineers AS
SELECT u.engineer_key,
       CAST(DATE_TRUNC('{period_unit}', u.first_day) AS DATE) AS period_start
FROM panel_usage_segments AS u
CROSS JOIN panel_params AS p
WHERE u.interactions > 0
  AND u.first_day BETWEEN p.span_start AND p.span_end
GROUP BY u.engineer_key, CAST(DATE_TRUNC('{period_unit}', u.first_day) AS DATE);

-- Treatment measures per team-period. ai_active_share: members (on any day of the period) with at least
-- one interaction in the period, over members. agent_share: interactions with feature 'agent' over all.
CREATE TEMP TABLE panel_ai AS
WITH active AS (
    SELECT mp.team_key, mp.period_start, COUNT(a.engineer_key) AS active_members
    FROM panel_member_periods AS mp
    LEFT JOIN panel_active_engineers AS a
      ON a.engineer_key = mp.engineer_key AND a.period_start = mp.period_start
    GROUP BY mp.team_key, mp.period_start
),
usage_totals AS (
    SELECT team_key, period_start,
           SUM(interactions) AS interactions,
           SUM(suggestions) AS suggestions,
           SUM(acceptances) AS acceptances,
           SUM(agent_interactions) AS agent_interactions
    FROM panel_usage
    GROUP BY team_key, period_start
)
SELECT a.team_key, a.period_start, a.active_members,
       COALESCE(t.interactions, 0) AS interactions,
       t.suggestions, t.acceptances,
       COALESCE(t.agent_interactions, 0) AS agent_interactions
FROM active AS a
LEFT JOIN usage_totals AS t ON t.team_key = a.team_key AND t.period_start = a.period_start
