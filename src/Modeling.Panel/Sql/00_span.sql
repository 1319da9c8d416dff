-- The observed date range is that of the AI-usage telemetry: outside it the treatment is not measured,
-- and the edges of other exports (PRs created before the telemetry starts, merged or resolved after it ends)
-- would otherwise add artificial, partly observed periods. Events outside the range are counted in the
-- diagnostics. The panel covers every period from the first to the last of these days (C# turns this
-- into panel_periods).
SELECT MIN(first_day) AS first_day, MAX(last_day) AS last_day
FROM panel_usage_segments
