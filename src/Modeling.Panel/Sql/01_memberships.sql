-- Teams are named by their integer team_key (staging: a dense key per team_id) in every intermediate table:
-- grouping and joining on integers is measurably faster than on the team_id text; panel_result maps back.
-- Memberships: each engineer's days on each team inside the panel's span, as non-overlapping
-- inclusive date ranges. Roster ranges include both ends; valid_to NULL means still there; a range
-- ending before it starts is ignored. Overlapping roster rows of the same engineer and team are merged
-- (gaps and islands), so a day is never counted twice for one team.
CREATE TEMP TABLE panel_memberships AS
WITH ranges AS (
    SELECT engineer_key, team_key, valid_from AS range_from, COALESCE(valid_to, DATE '9999-12-31') AS range_to
    FROM roster
    WHERE valid_to IS NULL OR valid_to >= valid_from
),
ordered AS (
    SELECT engineer_key, team_key, range_from, range_to,
           MAX(range_to) OVER (PARTITION BY engineer_key, team_key ORDER BY range_from, range_to
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered_to
    FROM ranges
),
islands AS (
    SELECT engineer_key, team_key, range_from, range_to,
           SUM(CASE WHEN covered_to IS NOT NULL AND range_from <= covered_to THEN 0 ELSE 1 END)
               OVER (PARTITION BY engineer_key, team_key ORDER BY range_from, range_to
                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS island
    FROM ordered
),
merged AS (
    SELECT engineer_key, team_key, MIN(range_from) AS joined_on, MAX(range_to) AS left_on
    FROM islands
    GROUP BY engineer_key, team_key, island
)
-- joined_on/left_on: the membership's own range (before clipping): PR attribution uses it, since a PR
-- created before the span can be merged inside it. joined_on also prefers the latest move.
SELECT m.engineer_key,
       m.team_key,
       m.joined_on,
       m.left_on,
       CASE WHEN m.joined_on > p.span_start THEN m.joined_on ELSE p.span_start END AS member_from,
       CASE WHEN m.left_on < p.span_end THEN m.left_on ELSE p.span_end END AS member_to
FROM merged AS m
CROSS JOIN panel_params AS p
WHERE m.joined_on <= p.span_end AND m.left_on >= p.span_start;

-- Each member's days in each period of each team.
CREATE TEMP TABLE panel_member_periods AS
SELECT m.engineer_key,
       m.team_key,
       p.period_start,
       SUM((CASE WHEN m.member_to < p.period_end THEN m.member_to ELSE p.period_end END)
         - (CASE WHEN m.member_from > p.period_start THEN m.member_from ELSE p.period_start END) + 1) AS member_days
FROM panel_memberships AS m
JOIN panel_periods AS p ON p.period_start <= m.member_to AND p.period_end >= m.member_from
GROUP BY m.engineer_key, m.team_key, p.period_start;

-- The panel's rows: team-periods with at least one member-day. engineers = engineer-months
-- (member-days / days in the period); members = engineers who were members on any day of it.
CREATE TEMP TABLE panel_team_periods AS
SELECT mp.team_key,
       mp.period_start,
       CAST(SUM(mp.member_days) AS DOUBLE) / MIN(p.period_days) AS engineers,
       COUNT(*) AS members
FROM panel_member_periods AS mp
JOIN panel_periods AS p ON p.period_start = mp.period_start
GROUP BY mp.team_key, mp.period_start
