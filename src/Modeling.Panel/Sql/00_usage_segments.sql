-- AI usage as segments: per engineer, tool and model, summed over days that share one period and one set of
-- team memberships. Ingest may have summed the raw rows while reading (ai_usage_segments); raw rows (ai_usage,
-- e.g. a warehouse table) are segments of one day each. Exactly one of the two tables holds rows.
CREATE TEMP VIEW panel_usage_segments AS
SELECT engineer_key,
       date AS first_day,
       date AS last_day,
       tool,
       model,
       1 AS usage_rows,
       interactions,
       CASE WHEN acceptances IS NOT NULL THEN suggestions END AS paired_suggestions,
       CASE WHEN suggestions IS NOT NULL THEN acceptances END AS paired_acceptances,
       CASE WHEN feature = 'agent' THEN interactions ELSE 0 END AS agent_interactions
FROM ai_usage
{segments_union}
