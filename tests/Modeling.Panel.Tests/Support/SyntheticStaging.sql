-- Synthetic staging tables at scale, generated inside DuckDB (benchmark only: DuckDB-specific functions are fine here).
-- Tokens: {teams} {months}. Plausible shapes: ~12 engineers/team, 10% move team once, ~400 usage rows per team-month,
-- ~66 PRs, ~20 deployments, ~2 incidents per team-month.
CREATE TEMP TABLE gen_params AS SELECT {teams}::INTEGER AS teams, {months}::INTEGER AS months, DATE '2023-01-01' AS start_date,
  (DATE '2023-01-01' + INTERVAL ({months}) MONTH)::DATE AS end_date, {teams} * 12 AS engineers;
INSERT INTO teams SELECT (i + 1)::INTEGER, printf('team_%05d', i), 'org_' || (i % 15), 'Team ' || i, ['tier1','tier2','tier3'][1 + i % 3], ['csharp','java','python','go','typescript'][1 + i % 5] FROM range((SELECT teams FROM gen_params)) r(i);
INSERT INTO engineers SELECT i, printf('eng_%016x', hash(i) >> 1) FROM range((SELECT engineers FROM gen_params)) r(i);
-- Everyone starts on team e % teams; 10% move to the next team on a pseudo-random day (ranges inclusive, so the move day is in both).
INSERT INTO roster
SELECT e, (e % g.teams + 1)::INTEGER, g.start_date - 30,
       CASE WHEN hash(e * 1000003 + 1) % 10 = 0 THEN (g.start_date + (hash(e * 1000003 + 2) % (g.end_date - g.start_date))::INTEGER) END, 'L' || (1 + e % 4)
FROM range((SELECT engineers FROM gen_params)) r(e), gen_params g
UNION ALL
SELECT e, ((e + 1) % g.teams + 1)::INTEGER, (g.start_date + (hash(e * 1000003 + 2) % (g.end_date - g.start_date))::INTEGER), NULL, 'L' || (1 + e % 4)
FROM range((SELECT engineers FROM gen_params)) r(e), gen_params g WHERE hash(e * 1000003 + 1) % 10 = 0;
INSERT INTO ai_usage
SELECT (g.start_date + d)::DATE,
       e::INTEGER,
       CASE WHEN hash(i * 1000003 + 5) % 100 < 85 THEN ['copilot','cursor','claude-code'][(1 + hash(e * 1000003 + 60) % 3)::BIGINT]
            ELSE ['copilot','cursor','claude-code'][(1 + hash(i * 1000003 + 61) % 3)::BIGINT] END,
       CASE WHEN hash(i * 1000003 + 6) % 20 = 0 THEN NULL
            ELSE ['gpt-4o','gpt-4.1','claude-sonnet-4','claude-opus-4','gemini-2.5-pro','o3-mini','gpt-5','default'][(1 + (hash(e * 1000003 + 62) + hash(i * 1000003 + 63) % 3) % 8)::BIGINT] END,
       ['completion','completion','chat','agent','cli','review'][(1 + hash(i * 1000003 + 7) % 6)::BIGINT],
       CASE WHEN d < hash(e * 1000003 + 64) % ((g.end_date - g.start_date) * 13 // 10) THEN 0 ELSE (hash(i * 1000003 + 8) % 25)::INTEGER END,
       (hash(i * 1000003 + 9) % 40)::INTEGER,
       (hash(i * 1000003 + 9) % 40 * (hash(i * 1000003 + 10) % 100) / 100)::INTEGER,
       (hash(i * 1000003 + 11) % 200)::INTEGER, (hash(i * 1000003 + 11) % 200 / 3)::INTEGER, (hash(i * 1000003 + 12) % 3)::INTEGER
FROM (SELECT i, hash(i * 1000003 + 4) % (SELECT engineers FROM gen_params) AS e, (hash(i * 1000003 + 3) % (SELECT end_date - start_date FROM gen_params))::INTEGER AS d
      FROM range((SELECT teams * months * 397 FROM gen_params)) r(i)) s, gen_params g;
INSERT INTO pull_requests
SELECT a, c, CASE WHEN hash(i * 1000003 + 21) % 2 = 0 THEN NULL ELSE (a % g.teams + 1)::INTEGER END,
       CASE WHEN hash(i * 1000003 + 23) % 10 < 9 THEN c + INTERVAL (hash(i * 1000003 + 24) % 90000) SECOND END,
       CASE WHEN hash(i * 1000003 + 25) % 100 < 85 THEN c + INTERVAL (hash(i * 1000003 + 26) % 400000) SECOND END,
       (hash(i * 1000003 + 27) % 800)::INTEGER, (hash(i * 1000003 + 28) % 300)::INTEGER, hash(i * 1000003 + 31) % 50 = 0
FROM (SELECT i, (hash(i * 1000003 + 20) % (SELECT engineers FROM gen_params))::INTEGER AS a,
             (SELECT start_date FROM gen_params)::TIMESTAMP + INTERVAL (hash(i * 1000003 + 19) % ((SELECT end_date - start_date FROM gen_params) * 86400)) SECOND AS c
      FROM range((SELECT teams * months * 66 FROM gen_params)) r(i)) s, gen_params g;
INSERT INTO deployments
SELECT i::INTEGER, (i % g.teams + 1)::INTEGER, f,
       CASE WHEN hash(i * 1000003 + 41) % 100 < 95 THEN 'success' ELSE 'failure' END,
       CASE hash(i * 1000003 + 42) % 20 WHEN 0 THEN 'staging' WHEN 1 THEN NULL WHEN 2 THEN 'prod' ELSE 'production' END,
       f - INTERVAL (hash(i * 1000003 + 43) % 500000) SECOND,
       hash(i * 1000003 + 45) % 50 = 0, hash(i * 1000003 + 46) % 30 = 0, CASE WHEN hash(i * 1000003 + 47) % 10 = 0 THEN NULL ELSE hash(i * 1000003 + 47) % 10 = 1 END
FROM (SELECT i, (SELECT start_date FROM gen_params)::TIMESTAMP + INTERVAL (hash(i * 1000003 + 40) % ((SELECT end_date - start_date FROM gen_params) * 86400)) SECOND AS f
      FROM range((SELECT teams * months * 20 FROM gen_params)) r(i)) s, gen_params g;
INSERT INTO incidents
SELECT (i % g.teams + 1)::INTEGER, c,
       CASE WHEN hash(i * 1000003 + 51) % 10 < 9 THEN c + INTERVAL (hash(i * 1000003 + 52) % 200000) SECOND END,
       CASE hash(i * 1000003 + 54) % 5 WHEN 0 THEN NULL WHEN 1 THEN 'defect' WHEN 2 THEN 'defect' ELSE 'incident' END,
       CASE WHEN hash(i * 1000003 + 55) % 3 = 0 THEN (hash(i * 1000003 + 56) % (g.teams * g.months * 20))::INTEGER END,
       CASE WHEN hash(i * 1000003 + 57) % 7 = 0 THEN NULL ELSE hash(i * 1000003 + 57) % 4 = 0 END
FROM (SELECT i, (SELECT start_date FROM gen_params)::TIMESTAMP + INTERVAL (hash(i * 1000003 + 50) % ((SELECT end_date - start_date FROM gen_params) * 86400)) SECOND AS c
      FROM range((SELECT teams * months * 2 FROM gen_params)) r(i)) s, gen_params g;
SELECT (SELECT count(*) FROM roster) roster, (SELECT count(*) FROM ai_usage) usage, (SELECT count(*) FROM pull_requests) prs, (SELECT count(*) FROM deployments) deps, (SELECT count(*) FROM incidents) inc;
