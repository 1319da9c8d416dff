using DuckDB.NET.Data;
using Modeling.Ingest.Staging;
using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

public class ParquetAndStagingTests
{
    private const string PullRequests =
        "pr_id,author_id,created_at,team_id,merged_at,additions,ai_assisted\n" +
        "p1,alice@example.com,2024-03-01T10:00:00+02:00,,2024-03-02T10:00:00Z,10,true\n" +
        "p2,alice@example.com,2024-03-01T10:00:00Z,t1,2024-03-01T09:00:00Z,,maybe\n" +
        "p1,alice@example.com,2024-03-01T10:00:00Z,,,3,\n";

    [Fact]
    public void Parquet_files_give_the_same_rows_and_diagnostics_as_csv()
    {
        var csvFolder = Folder(("pull_requests.csv", PullRequests));
        var parquetFolder = Modeling.Tests.TestPaths.NewTempFolder("ingest-parquet");
        using (var db = new DuckDBConnection("DataSource=:memory:"))
        {
            db.Open();
            foreach (var table in new[] { "teams", "roster", "ai_usage", "pull_requests" })
            {
                using var cmd = db.CreateCommand();
                // all_varchar keeps the CSV text; the typed columns below are what a real export would carry.
                cmd.CommandText = table == "pull_requests"
                    ? $"COPY (SELECT pr_id, author_id, created_at::TIMESTAMPTZ AS created_at, team_id, merged_at, TRY_CAST(additions AS DOUBLE) AS additions, ai_assisted FROM read_csv('{csvFolder}/{table}.csv', all_varchar=true)) TO '{parquetFolder}/{table}.parquet' (FORMAT parquet)"
                    : $"COPY (SELECT * FROM read_csv('{csvFolder}/{table}.csv')) TO '{parquetFolder}/{table}.parquet' (FORMAT parquet)";
                cmd.ExecuteNonQuery();
            }
        }
        var (csvReport, csvRows) = Read(csvFolder);
        var (parquetReport, parquetRows) = Read(parquetFolder);
        Assert.Equal(csvRows.PullRequests, parquetRows.PullRequests);
        Assert.Equal(csvRows.Teams, parquetRows.Teams);
        Assert.Equal(csvRows.Roster, parquetRows.Roster);
        Assert.Equal(csvRows.AiUsage, parquetRows.AiUsage);
        Assert.Equal(
        [
            "warning pull_requests.parquet line 3 (Parquet row 2; line = row + 1), column 'merged_at': found '2024-03-01T09:00:00Z', expected a time not before created_at (2024-03-01T10:00:00.000000Z) [timestamps_out_of_order]",
            $"warning pull_requests.parquet line 3 (Parquet row 2; line = row + 1), column 'ai_assisted': found '{P("maybe")}', expected true, false, 1, 0 or empty [invalid_value]",
            $"error pull_requests.parquet line 4 (Parquet row 3; line = row + 1), column 'pr_id': found '{P("p1")}', expected a pr_id value not seen before (first seen on line 2) [duplicate_id]",
        ], Problems(parquetReport));
        Assert.Equal(csvReport.Diagnostics.Select(d => (d.Line, d.Column, d.Severity, d.Rule)), parquetReport.Diagnostics.Select(d => (d.Line, d.Column, d.Severity, d.Rule)));
        Assert.Equal(FileFormat.Parquet, parquetReport.Files.Single(f => f.Table == "pull_requests").Format);
    }

    [Fact]
    public void A_file_that_is_not_parquet_is_a_structural_error()
    {
        var folder = Folder(("deployments.parquet", "deployment_id,team_id\n"));
        var e = Assert.Throws<DataFolderException>(() => Validate(folder));
        Assert.StartsWith("deployments.parquet is not a readable Parquet file (", e.Message);
        Assert.EndsWith("). Export it again as Parquet, or as CSV with the same columns.", e.Message);
    }

    [Fact]
    public void Staging_fills_exactly_the_agreed_tables()
    {
        var folder = Folder(("pull_requests.csv", PullRequests),
            ("deployments.csv", "deployment_id,team_id,finished_at,status,is_rollback\nd1,t1,2024-03-01T10:00:00-05:00,success,1\n"));
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        var report = DuckDbStaging.Stage(db, folder, new IngestOptions(Key));
        string Query(string sql)
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            var lines = new List<string>();
            while (r.Read()) lines.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "NULL" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            return string.Join("\n", lines);
        }
        Assert.Equal(string.Join("\n", StagingSchema.Tables.Order(StringComparer.Ordinal)),
            Query("SELECT table_name FROM information_schema.tables ORDER BY table_name"));
        Assert.Equal($"0|{P("alice@example.com")}\n1|{P("bob@example.com")}", Query("SELECT * FROM engineers ORDER BY engineer_key"));
        Assert.Equal("0|t1|2024-03-01 15:00:00|success|True|NULL",
            Query("SELECT deployment_key, t.team_id, strftime(finished_at, '%Y-%m-%d %H:%M:%S'), status, is_rollback, is_hotfix FROM deployments JOIN teams AS t USING (team_key)"));
        Assert.Equal("0|2024-03-01 08:00:00|NULL|2024-03-02 10:00:00|10\n0|2024-03-01 10:00:00|t1|NULL|NULL",
            Query("SELECT author_key, strftime(created_at, '%Y-%m-%d %H:%M:%S'), t.team_id, strftime(merged_at, '%Y-%m-%d %H:%M:%S'), additions FROM pull_requests LEFT JOIN teams AS t USING (team_key) ORDER BY created_at"));
        Assert.Equal("1|t1\n2|t2", Query("SELECT team_key, team_id FROM teams ORDER BY team_key"));
        Assert.Equal("2024-03-01|0|copilot|gpt-4o|chat|5|10|4|40|30|NULL", Query("SELECT strftime(date, '%Y-%m-%d'), engineer_key, tool, model, feature, interactions, suggestions, acceptances, lines_suggested, lines_accepted, agent_sessions FROM ai_usage"));
        Assert.Equal("2024-01-01|NULL", Query("SELECT strftime(valid_from, '%Y-%m-%d'), valid_to FROM roster WHERE engineer_key = 0"));
        Assert.Equal("0|0", Query("SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM mandates)"));
        Assert.False(report.IsPresent("incidents"));
        Assert.True(report.IsPresent("deployments"));
        foreach (var f in report.Files) Assert.Equal(f.RowsRead, f.RowsUsed + f.RowsRejected);
    }

    private const string TwoMonthsOfUsage =
        "date,engineer_id,tool,model,feature,interactions,suggestions,acceptances\n" +
        "2024-03-01,alice@example.com,copilot,gpt-4o,chat,5,10,4\n" +
        "2024-03-02,alice@example.com,copilot,gpt-4o,agent,2,,\n" +
        "2024-03-02,bob@example.com,cursor,,completion,7,3,1\n" +
        "2024-04-01,alice@example.com,copilot,gpt-4o,chat,1,1,1\n";

    [Fact]
    public void Usage_segments_staged_alongside_the_events_equal_those_staged_after_reading()
    {
        // In memory the segments are appended on a second connection while the events are read; a file database
        // cannot share its connection and appends them at the end. Both must stage the same rows in the same order.
        var folder = Folder(("ai_usage.csv", TwoMonthsOfUsage), ("pull_requests.csv", PullRequests));
        var file = Path.Combine(Modeling.Tests.TestPaths.NewTempFolder("staging-file"), "staging.duckdb");
        string Segments(string dataSource)
        {
            using var db = new DuckDBConnection($"DataSource={dataSource}");
            db.Open();
            DuckDbStaging.Stage(db, folder, new IngestOptions(Key), UsageGrain.Month);
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT string_agg(concat_ws('|', engineer_key, first_day, last_day, tool, coalesce(model, '-'), usage_rows, interactions, " +
                "coalesce(paired_suggestions, -1), coalesce(paired_acceptances, -1), agent_interactions), ';') FROM ai_usage_segments";
            return (string)cmd.ExecuteScalar()!;
        }
        var inMemory = Segments(":memory:");
        Assert.Equal("0|2024-03-01|2024-03-02|copilot|gpt-4o|2|7|10|4|2;1|2024-03-02|2024-03-02|cursor|-|1|7|3|1|0;0|2024-04-01|2024-04-01|copilot|gpt-4o|1|1|1|1|0", inMemory);
        Assert.Equal(inMemory, Segments(file));
    }

    [Fact]
    public void A_file_that_fails_after_the_usage_reports_its_own_error_and_leaves_the_connection_usable()
    {
        var folder = Folder(("ai_usage.csv", TwoMonthsOfUsage), ("pull_requests.csv", ""));
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        var e = Assert.Throws<DataFolderException>(() => DuckDbStaging.Stage(db, folder, new IngestOptions(Key), UsageGrain.Month));
        Assert.Contains("pull_requests.csv", e.Message);
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM teams";
        Assert.Equal(2L, Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
