namespace Modeling.Ingest.Diagnostics;

/// <summary>How much a problem costs: an error rejects the row, a warning keeps it with one field unknown, a note changes nothing.</summary>
public enum Severity
{
    Error,
    Warning,
    Note,
}

/// <summary>
/// One problem found in the input, located precisely. <see cref="Value"/> never holds a raw engineer id:
/// values of engineer columns are replaced by their pseudonym before a diagnostic is made.
/// </summary>
/// <param name="File">File name relative to the data folder, e.g. <c>ai_usage.csv</c> or <c>copilot/2025-10.ndjson</c>.</param>
/// <param name="Line">Physical line where the record starts (header = 1); for Parquet, row number + 1; 0 for the file as a whole.</param>
/// <param name="Column">Column (or JSON field path) the problem is in; empty when it concerns the whole record.</param>
/// <param name="Value">The value found, as text (truncated to 100 characters).</param>
/// <param name="Expected">What was expected instead, in words.</param>
/// <param name="Severity">Error, warning or note.</param>
/// <param name="Rule">Stable rule name (see <see cref="Rules"/>).</param>
public sealed record Diagnostic(string File, long Line, string Column, string Value, string Expected, Severity Severity, string Rule)
{
    /// <summary>Lower-case severity name as used in outputs: <c>error</c>, <c>warning</c>, <c>note</c>.</summary>
    public string SeverityName => Severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    /// <summary>One readable line, e.g. <c>error ai_usage.csv line 17, column 'date': found '2025-02-30', expected a date YYYY-MM-DD [invalid_value]</c>.</summary>
    public override string ToString() => Messages.Render(this);
}

/// <summary>Stable rule names carried by every diagnostic; tests, diagnostics.csv and rejects use them.</summary>
public static class Rules
{
    public const string MissingValue = "missing_value";
    public const string InvalidValue = "invalid_value";
    public const string NegativeCount = "negative_count";
    public const string DuplicateId = "duplicate_id";
    public const string AliasConflict = "alias_conflict";
    public const string UnknownTeam = "unknown_team";
    public const string UnknownDeployment = "unknown_deployment";
    public const string WrongFieldCount = "wrong_field_count";
    public const string MalformedCsv = "malformed_csv";
    public const string MalformedJson = "malformed_json";
    public const string InvalidUtf8 = "invalid_utf8";
    public const string TimestampsOutOfOrder = "timestamps_out_of_order";
    public const string AcceptancesAboveSuggestions = "acceptances_above_suggestions";
    public const string AuthorNotInRoster = "author_not_in_roster";
    public const string UnknownColumn = "unknown_column";
    public const string EngineersNotInRoster = "engineers_not_in_roster";
    public const string IgnoredFile = "ignored_file";
    public const string IdenticalUserDay = "identical_user_day";
    public const string ModelBreakdownWithoutTotal = "model_breakdown_without_total";
    public const string ModelBreakdownAboveTotal = "model_breakdown_above_total";
    public const string HeaderOnly = "header_only";
}
