-- For PR attribution an engineer has one team per day: when memberships of several teams cover a day (the
-- day of a move is in both ranges), the one that began last wins, then the lowest team_id. The roster is cut
-- into segments at every membership boundary; each segment goes to its winning membership.
CREATE TEMP TABLE panel_author_teams AS
WITH points AS (
    SELECT engineer_key, joined_on AS point FROM panel_memberships
    UNION
    SELECT engineer_key, left_on + 1 FROM panel_memberships
),
segments AS (
    SELECT engineer_key,
           point AS segment_from,
           LEAD(point) OVER (PARTITION BY engineer_key ORDER BY point) - 1 AS segment_to
    FROM points
),
covering AS (
    SELECT s.engineer_key, s.segment_from, s.segment_to, m.team_key,
           ROW_NUMBER() OVER (PARTITION BY s.engineer_key, s.segment_from
                              ORDER BY m.joined_on DESC, t.team_id) AS preference
    FROM segments AS s
    JOIN panel_memberships AS m
      ON m.engineer_key = s.engineer_key
     AND m.joined_on <= s.segment_from
     AND m.left_on >= s.segment_to
    JOIN teams AS t ON t.team_key = m.team_key
    WHERE s.segment_to IS NOT NULL
)
SELECT engineer_key, team_key, segment_from, segment_to
FROM covering
WHERE preference = 1;

-- Pull requests with the team they count for: team_key as given, else the author's team on the PR's
-- creation date (UTC). attributed_team is NULL when neither is known (counted in the diagnostics).
CREATE TEMP TABLE panel_pr_teams AS
SELECT pr.team_key AS attributed_team,
       pr.created_at, pr.first_review_at, pr.merged_at,
       pr.additions, pr.deletions, pr.reverted
FROM pull_requests AS pr
WHERE pr.team_key IS NOT NULL
UNION ALL
SELECT a.team_key,
       pr.created_at, pr.first_review_at, pr.merged_at,
       pr.additions, pr.deletions, pr.reverted
FROM pull_requests AS pr
LEFT JOIN panel_author_teams AS a
  ON a.engineer_key = pr.author_key
 AND CAST(pr.created_at AS DATE) BETWEEN a.segment_from AND a.segment_to
WHERE pr.team_key IS NULL;

-- Outcomes of merged PRs, in the period of merged_at. Medians are exact (PERCENTILE_CONT).
CREATE TEMP TABLE panel_pr_merged AS
SELECT pr.attributed_team AS team_key,
       CAST(DATE_TRUNC('{period_unit}', pr.merged_at) AS DATE) AS period_start,
       COUNT(*) AS merged_prs,
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
           CASE WHEN pr.merged_at >= pr.created_at
                THEN EXTRACT(EPOCH FROM (pr.merged_at - pr.created_at)) / 3600.0 END) AS pr_cycle_hours,
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY pr.additions + pr.deletions) AS pr_size_lines,
       SUM(CASE WHEN pr.reverted THEN 1 ELSE 0 END) AS reverted_prs
FROM panel_pr_teams AS pr
CROSS JOIN panel_params AS p
WHERE pr.attributed_team IS NOT NULL
  AND pr.merged_at IS NOT NULL
  AND pr.merged_at < p.cutoff
GROUP BY pr.attributed_team, CAST(DATE_TRUNC('{period_unit}', pr.merged_at) AS DATE);

-- Review wait, in the period of created_at, over PRs whose first review is known by the cut-off.
CREATE TEMP TABLE panel_pr_reviews AS
SELECT pr.attributed_team AS team_key,
       CAST(DATE_TRUNC('{period_unit}', pr.created_at) AS DATE) AS period_start,
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
           EXTRACT(EPOCH FROM (pr.first_review_at - pr.created_at)) / 3600.0) AS review_wait_hours
FROM panel_pr_teams AS pr
CROSS JOIN panel_params AS p
WHERE pr.attributed_team IS NOT NULL
  AND pr.first_review_at IS NOT NULL
  AND pr.first_review_at >= pr.created_at
  AND pr.first_review_at < p.cutoff
GROUP BY pr.attributed_team, CAST(DATE_TRUNC('{period_unit}', pr.created_at) AS DATE)
