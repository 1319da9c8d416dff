using System.Globalization;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Output;

namespace Modeling.Ingest;

/// <summary>Every user-facing text of the Ingest stage, in one place; tests assert these exact texts.</summary>
public static class Messages
{
    // Panel files brought to `estimate` (Panels/PanelFile.cs).
    // Values, column names and headers come from the file: shown escaped (ShownText), never raw on a terminal.
    public static string PanelFileMissing(string path) => $"{ShownText.Escape(path)}: file not found.";
    public static string PanelFileEmpty(string path) => $"{ShownText.Escape(path)}: no header or no data rows; expected a panel (CSV with a header row, or Parquet).";
    public static string PanelFileNotUtf8(string path, string problem) => $"{ShownText.Escape(path)}: not a UTF-8 CSV file ({problem}), nor Parquet.";
    public static string PanelFileMissingColumn(string path, string column, IEnumerable<string> header) =>
        $"{ShownText.Escape(path)}: line 1: no column '{ShownText.Escape(column)}'; the header has {ShownText.Escape(string.Join(", ", header))}.";
    public static string PanelFileFieldCount(string path, string where, int found, int expected) =>
        $"{ShownText.Escape(path)}: {where}: {found} fields; expected {expected} as in the header.";
    public static string PanelFileMalformed(string path, string where, string why) => $"{ShownText.Escape(path)}: {where}: malformed CSV ({why}).";
    public static string PanelFileBadValue(string path, string where, string column, string value, string expected) =>
        $"{ShownText.Escape(path)}: {where}, column '{ShownText.Escape(column)}': value '{ShownText.Escape(value)}'; expected {expected}.";
    public static string PanelFileNothingLeft(string path, long rows, IEnumerable<string> reasons) =>
        $"{ShownText.Escape(path)}: all {rows.ToString(CultureInfo.InvariantCulture)} data rows were left out ({string.Join(", ", reasons)}), so nothing is left to estimate.";
    public static string PanelFileAllSuppressed(string path, long rows) =>
        $"{ShownText.Escape(path)}: all {rows.ToString(CultureInfo.InvariantCulture)} data rows are marked suppressed (groups too small to show), so nothing is left to estimate.";
    public static string PanelFileParquet(string path, string reason) =>
        $"{ShownText.Escape(path)}: not a readable Parquet file ({ShownText.Escape(reason)}).";

    public static string PanelDuplicateUnitPeriod(string path, string where, string unit, string period, string firstWhere) =>
        $"{ShownText.Escape(path)}: {where}: unit '{ShownText.Escape(unit)}' in period {period} appears again (first at {firstWhere}); expected one row per unit and period.";
    public static string PanelClusterVaries(string path, string where, string column, string unit, string value, string firstValue, string firstWhere) =>
        $"{ShownText.Escape(path)}: {where}, column '{ShownText.Escape(column)}': unit '{ShownText.Escape(unit)}' is in cluster '{ShownText.Escape(value)}' here but in '{ShownText.Escape(firstValue)}' at {firstWhere}; expected one cluster per unit.";
    public const string PanelNothingBalanced = "No unit is observed in every period, so balancing the panel (did's default) leaves nothing; give --allow-unbalanced (AllowUnbalanced) to keep them.";

    /// <summary>Where a row of a panel file is: its CSV line, or for Parquet its row number (from 1).</summary>
    public static string PanelFileAt(long line, bool parquet) =>
        parquet ? $"row {(line - 1).ToString(CultureInfo.InvariantCulture)}" : $"line {line.ToString(CultureInfo.InvariantCulture)}";

    public static string FileRead(string file, long rows, TimeSpan elapsed) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"read {file}: {rows:N0} rows in {elapsed.TotalSeconds:F1} s");

    public static string UsageStaged(long rows, long segments, TimeSpan elapsed) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"staged AI usage: {rows:N0} rows summed into {segments:N0} segments, done {elapsed.TotalSeconds:F1} s after the last file");

    // --- what a value was expected to be (Diagnostic.Expected) ---
    public const string ExpectNonEmpty = "a non-empty value";
    public const string ExpectDate = "a date YYYY-MM-DD";
    public const string ExpectDateOrTime = "a date YYYY-MM-DD or an ISO-8601 time with an offset or Z";
    public const string ExpectEpochMilliseconds = "a time in milliseconds since 1970-01-01 UTC, or day as YYYY-MM-DD";
    public const string ExpectUsDate = "a date MM-DD-YYYY (as Amazon Q writes it) or YYYY-MM-DD";
    public const string ExpectUserActor = "a user_actor (a person); an API key's usage belongs to no engineer";
    public const string ExpectTimestamp = "an ISO-8601 timestamp with an offset or Z, e.g. 2025-03-01T14:05:00Z";
    public const string ExpectCount = "a whole number, 0 or more";
    public const string ExpectBoolean = "true, false, 1, 0 or empty";
    public const string ExpectUtf8 = "UTF-8 text";
    public const string ExpectPositiveNumber = "a number greater than 0, e.g. 3 or 1.5";
    public const string ExpectSeverity = "a whole number from 1 (worst) to 5";
    public const string ExpectScope = "all, org:<org> or team:<team_id>";
    public const string ExpectMetric = "an outcome name of CONTRACT §3, e.g. deployments or merged_prs_per_engineer";
    public const string ExpectTeamInTeams = "a team_id listed in teams";
    public const string ExpectOrgInTeams = "an org listed in teams";
    public const string ExpectJsonObject = "one JSON object per line";
    public const string FoundNotJson = "(a line that is not a JSON object; not shown, it may hold a user id)";

    public static string ExpectOneOf(IEnumerable<string> allowed) => "one of " + string.Join(", ", allowed);
    public static string ExpectFieldCount(int header) => $"{header} fields, as in the header";
    public static string FoundFieldCount(int found) => $"{found} fields";
    public static string ExpectNewId(string column, long firstLine) => $"a {column} value not seen before (first seen on line {firstLine})";
    public static string ExpectNewUserDay(string firstFile, long firstLine) => $"one record per user and day (first seen in {firstFile} line {firstLine})";
    public static string ExpectNotBefore(string column, string otherValue) => $"a time not before {column} ({otherValue})";
    public static string ExpectDateNotBefore(string column, string otherValue) => $"a date not before {column} ({otherValue})";
    public static string ExpectAtMost(string column, long limit) => $"at most {column} ({limit.ToString(CultureInfo.InvariantCulture)})";
    public static string ExpectRosterMember(string date) => $"an engineer on the roster on {date} (row kept: counted for its team_id, unattributed when team_id is empty)";
    public static string ExpectDeploymentInDeployments => "a deployment_id listed in deployments";
    /// <summary>For a broken quoted field (never closed, or closed too far away, or closed lines later and followed by text).</summary>
    public const string ExpectClosingQuote =
        "a quoted field closed within 100 lines and 64 KiB, then a comma or line end (only this line is rejected; reading goes on at the next line)";
    public const string ExpectDelimiterAfterQuote = "a comma or line end right after a closing double quote";
    public const string ExpectKnownFile = "a file of CONTRACT §1 (teams, roster, identities, ai_usage, deployments, incidents, pull_requests, mandates, policies; .csv or .parquet) or a vendor folder (copilot/, amazon_q/, claude_code/, cursor/); this one is ignored";
    public const string ExpectKnownColumn = "a column of the schema (CONTRACT §1); this one is ignored";
    public static string FoundHeaderCell(int position) =>
        $"header cell {position.ToString(CultureInfo.InvariantCulture)} (not shown: if the header line is missing it is data, and may be a personal id)";

    /// <summary>The reason of a rejected record written without its raw text.</summary>
    public static string RejectWithheld(string reason) =>
        "raw text withheld (its columns cannot be trusted and may hold a personal id); " + reason;

    public static string HeaderOnly(string file) =>
        $"{file} has a header but no rows: treated as absent, so the outcomes that need it are unavailable (not zero)";
    public const string ExpectRows = "one row per record after the header";

    public static string FoundEngineersNotInRoster(int engineers, long rows) =>
        $"{engineers} engineers ({rows} rows) not on the roster";
    public const string ExpectEngineersOnRoster = "every engineer with AI usage on the roster, or their export identifier in identities.csv (their usage is kept but no team can be given it)";
    public static string ExpectAliasOfOneEngineer(long firstLine) => $"an alias not already given to another engineer (line {firstLine})";
    public const string ExpectAliasNotAnotherEngineer = "an alias that is not another engineer's roster engineer_id";
    public static readonly string[] IdentityKinds = ["email", "login", "user_id", "identity_center", "other"];
    public static string FoundIdentitiesOffRoster(int engineers) => $"{engineers} engineers in identities.csv not on the roster";
    public const string ExpectIdentitiesOnRoster = "identities of roster engineers (their aliases still map, but no team can be given their usage)";


    // --- structural problems (DataFolderException; exit code 2) ---
    public static string FolderMissing(string folder) =>
        $"The data folder '{ShownText.Escape(folder)}' does not exist. Pass --data with the folder that holds teams.csv, roster.csv and ai_usage.csv (CONTRACT §1).";

    public static string FolderEmpty(string folder) =>
        $"The data folder '{ShownText.Escape(folder)}' holds no input files. Put teams.csv, roster.csv and ai_usage.csv (or .parquet, or a vendor folder: copilot/, amazon_q/, claude_code/, cursor/) there; see CONTRACT §1.";

    public static string RequiredFileMissing(string folder, string table) =>
        $"The data folder '{ShownText.Escape(folder)}' has no {table} file. Add {table}.csv (UTF-8, header row) or {table}.parquet; it is required (CONTRACT §1).";

    public static string AiUsageMissing(string folder) =>
        $"The data folder '{ShownText.Escape(folder)}' has no AI usage. Add ai_usage.csv or ai_usage.parquet, or a vendor folder with per-user daily exports: copilot/ (GitHub Copilot usage metrics), amazon_q/ (Amazon Q Developer / Kiro user activity reports), claude_code/ (Claude Code analytics) or cursor/ (Cursor daily usage) (CONTRACT §1).";

    public static string WrongFormat(string file, string table) =>
        $"{ShownText.Escape(file)} is neither CSV nor Parquet. Export it as {table}.csv (UTF-8, RFC 4180, header row) or {table}.parquet.";

    public static string BothFormats(string table) =>
        $"Both {table}.csv and {table}.parquet are present. Keep one of them so that no row is read twice.";

    public static string Unreadable(string file, string reason) =>
        $"{file} could not be read ({ShownText.Escape(reason)}). Check that the file exists, that you may read it, and that it is not being written.";

    public static string NotParquet(string file, string reason) =>
        $"{file} is not a readable Parquet file ({ShownText.Escape(reason)}). Export it again as Parquet, or as CSV with the same columns.";

    public static string EmptyFile(string file) =>
        $"{file} is empty. It needs a header row with the column names of CONTRACT §1, then one row per record.";

    /// <summary>Names only the header's schema columns: other cells are counted, not shown (a missing header line is data).</summary>
    public static string MissingRequiredColumn(string file, string column, IEnumerable<string> schemaColumnsFound, int otherCells)
    {
        var found = schemaColumnsFound.ToList();
        var listed = found.Count == 0 ? "none of the schema's columns were found" : "the columns found are: " + string.Join(", ", found);
        var others = otherCells == 0 ? "" : $" (and {otherCells} other header cells, not shown: is the header line missing?)";
        return $"{file}: the required column '{column}' is missing from the header (line 1). Add it; {listed}{others}.";
    }

    public static string IsFolder(string name) =>
        $"{ShownText.Escape(name)} is a folder, not a file. Put the export there as a file of that name, or remove the folder.";

    public static string NotUtf8Csv(string file, string what) =>
        $"{file} is not a UTF-8 CSV file ({what}). Export it again as UTF-8 CSV (RFC 4180, header row) or as Parquet.";
    public const string FoundUtf16Or32 = "it starts with a UTF-16 or UTF-32 byte order mark";
    public const string FoundZip = "it is a zip archive";
    public const string FoundGzip = "it is gzip-compressed";
    public const string FoundNulBytes = "it holds NUL bytes, as binary files and UTF-16 text do";
    public const string FoundHeaderNotUtf8 = "its header line is not valid UTF-8"; 

    public static string DuplicateColumn(string file, string column) =>
        $"{file}: the column '{column}' appears twice in the header (line 1). Keep one of them.";

    public static string NoUsableRows(string file, long read, long rejected) =>
        $"{file} has no usable rows ({read} read, {rejected} rejected). Fix the problems listed above and run again.";

    public static string ExportNotJson(string file, long line, string what, string exportAgain) =>
        string.Create(CultureInfo.InvariantCulture, $"{file} is not valid JSON (line {line}: {what}). {exportAgain}");

    public const string CopilotExportAgain = "Export the Copilot usage-metrics report again as GitHub gives it: a JSON report (an object with day_totals), an array of user-day records, or NDJSON with one record per line.";
    public const string ClaudeCodeExportAgain = "Save the Claude Code analytics again as the Admin API gives it (/v1/organizations/usage_report/claude_code): its response pages (objects with data), an array of records, or NDJSON with one record per line.";
    public const string CursorExportAgain = "Save Cursor's daily usage again as the Admin API gives it (/teams/daily-usage-data): its responses (objects with data), an array of records, or NDJSON with one record per line.";

    public const string JsonExpectedRecord = "expected a record, an array of records or a report object";
    public const string JsonEndsInsideValue = "the file ends inside this value";
    public const string JsonExpectedKey = "expected a field name in double quotes";

    /// <summary>What the JSON structure needed and what came instead (one character: never a user's data).</summary>
    public static string JsonExpectedChar(char expected, int found) => $"expected '{expected}', found {Shown(found)}";

    public static string JsonExpectedValue(int found) => $"expected a value, found {Shown(found)}";

    private static string Shown(int c) => c < 0 ? "the end of the file" : c is >= 0x21 and < 0x7F ? $"'{(char)c}'" : $"byte 0x{c:X2}";

    public static string FoundIdenticalUserDays(long records) =>
        string.Create(CultureInfo.InvariantCulture, $"{records} records repeat a user and day already read with the same values");

    public const string ExpectIdenticalUserDaysOnce =
        "each user and day once; repeats from overlapping exports (1-day and 28-day reports) are counted once, these were skipped";

    public static string FoundModelOnlyEntries(long entries) =>
        string.Create(CultureInfo.InvariantCulture, $"{entries} totals_by_model_feature entries for a feature absent from totals_by_feature");

    public const string ExpectModelEntriesWithinFeatures =
        "model entries that apportion a feature of totals_by_feature; these were not counted, as GitHub's own totals leave them out";

    public static string ExpectBreakdownWithinTotal(string feature, long total) =>
        string.Create(CultureInfo.InvariantCulture,
            $"model counts summing to at most the {feature} total in totals_by_feature ({total}); the total is kept with model unknown");

    public static string BadPseudonymKey(string source) =>
        $"The pseudonym key from {source} is not valid: it must be at least 32 hexadecimal characters (16 bytes). Fix or remove it; a new key file is created when none exists.";

    public static string KeyFileUnreadable(string path, string reason) =>
        $"The pseudonym key file '{path}' could not be read or created ({reason}). Pass --key-file with a writable location, or set MODELING_PSEUDONYM_KEY.";

    // --- rendering ---
    /// <summary>Where a diagnostic points, e.g. <c>ai_usage.csv line 17</c>, or for Parquet <c>ai_usage.parquet line 6 (Parquet row 5; line = row + 1)</c>.</summary>
    public static string Location(Diagnostic d)
    {
        if (d.Line <= 0) return d.File;
        var line = d.Line.ToString(CultureInfo.InvariantCulture);
        return d.File.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? $"{d.File} line {line} (Parquet row {(d.Line - 1).ToString(CultureInfo.InvariantCulture)}; line = row + 1)"
            : $"{d.File} line {line}";
    }

    /// <summary>One readable line for a diagnostic.</summary>
    public static string Render(Diagnostic d)
    {
        var column = d.Column.Length == 0 ? "" : $", column '{d.Column}'";
        return ShownText.Escape($"{d.SeverityName} {Location(d)}{column}: found '{d.Value}', expected {d.Expected} [{d.Rule}]");
    }

    /// <summary>The reason column of a rejects file: every error of the row, joined.</summary>
    public static string RejectReason(IEnumerable<Diagnostic> errors) =>
        ShownText.Escape(string.Join("; ", errors.Select(d => (d.Column.Length == 0 ? "" : $"column '{d.Column}': ") + $"found '{d.Value}', expected {d.Expected} [{d.Rule}]")));

    // --- validation summary ---
    public const string SummaryHeader = "file                                   read       used   rejected";
    public static string SummaryAbsent(string table) => $"{table,-34} (absent: outcomes that need it are unavailable)";
    public static string SummaryProblems(long errors, long warnings) =>
        $"{errors} errors (rows rejected), {warnings} warnings (rows kept, a field unknown):";
    public const string SummaryNoProblems = "No problems found.";
    public static string SummaryMoreInFile(long more, string path) => $"... and {more} more; the full list is in {path}";
    public static string SummaryMoreNoOut(long more) => $"... and {more} more; pass --out DIR to write the full list to DIR/diagnostics.csv";
    public const string SummaryNotes = "Notes:";
    public static string SummaryRejectsWritten(string folder) => $"Rejected rows were written to {folder}";
    public const string SummaryRejectsNotWritten = "Pass --out DIR to write the rejected rows to DIR/rejects/.";
    public const string SummaryUsable = "The data are usable.";
    /// <summary>The loud line for a file with more than 1 % of its rows rejected.</summary>
    public static string ManyRowsRejected(string file, long rejected, long read) =>
        string.Create(CultureInfo.InvariantCulture,
            $"WARNING: {file}: {rejected} of {read} rows ({100.0 * rejected / Math.Max(1, read):F1} %) were rejected; results that use this file may be biased. Fix the file (see rejects/ and diagnostics.csv) and run again.");

    /// <summary>The one-line per-file summary <c>analyze</c> ends with.</summary>
    public static string FileSummary(string file, long read, long used, long rejected, long? lines) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{file}: {read} rows read, {used} used, {rejected} rejected{(lines is { } l ? $" ({l} lines)" : "")}");

    public const string SummaryParquetLines = "Parquet files have no lines: 'line' there is the row number + 1, as if a header were line 1.";

    public const string ExpectPolicyKind = "restrict_tool:<tool>, require_tool:<tool>, usage_in_reviews or other";
}
