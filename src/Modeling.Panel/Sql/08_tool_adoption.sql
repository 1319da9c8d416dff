-- Adoption by tool: each team's first period in which its members active with that one tool (on any team, as for
-- ai_active_share) reach the adoption threshold. A team may reach it with several tools, or with none.
CREATE TEMP TABLE panel_tool_adoption AS
WITH active_tool AS (
    SELECT u.engineer_key,
           CAST(DATE_TRUNC('{period_unit}', u.first_day) AS DATE) AS period_start,
           u.tool
    FROM panel_usage_segments AS u
    CROSS JOIN panel_params AS p
    WHERE u.interactions > 0
      AND u.first_day BETWEEN p.span_start AND p.span_end
    GROUP BY u.engineer_key, CAST(DATE_TRUNC('{period_unit}', u.first_day) AS DATE), u.tool
),
team_tool AS (
    SELECT mp.team_key, mp.period_start, a.tool, COUNT(*) AS active_members
    FROM panel_member_periods AS mp
    JOIN active_tool AS a ON a.engineer_key = mp.engineer_key AND a.period_start = mp.period_start
    GROUP BY mp.team_key, mp.period_start, a.tool
),
first_period AS (
    SELECT tt.team_key, tt.tool, MIN(tt.period_start) AS adoption_start
    FROM team_tool AS tt
    JOIN panel_team_periods AS tp ON tp.team_key = tt.team_key AND tp.period_start = tt.period_start
    CROSS JOIN panel_params AS p
    WHERE CAST(tt.active_members AS DOUBLE) / tp.members >= p.adoption_threshold
    GROUP BY tt.team_key, tt.tool
)
SELECT t.team_id, f.tool, per.period_label AS adoption_period
FROM first_period AS f
JOIN teams AS t ON t.team_key = f.team_key
JOIN panel_periods AS per ON per.period_start = f.adoption_start;
