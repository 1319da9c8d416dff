-- The observed date range: first and last day with any event that places a row in a period.
-- The panel covers every period from the first to the last of these days (C# turns this into panel_periods).
SELECT MIN(first_day) AS first_day, MAX(last_day) AS last_day
FROM (
    SELECT MIN(date) AS first_day, MAX(date) AS last_day FROM ai_usage
    UNION ALL
    SELECT CAST(MIN(finished_at) AS DATE), CAST(MAX(finished_at) AS DATE) FROM panel_releases
    UNION ALL
    SELECT CAST(MIN(created_at) AS DATE), CAST(MAX(created_at) AS DATE) FROM incidents
    UNION ALL
    SELECT CAST(MIN(created_at) AS DATE), CAST(MAX(COALESCE(merged_at, created_at)) AS DATE) FROM pull_requests
) AS observed
