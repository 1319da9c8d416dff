using Modeling.Tests;
using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

public class StructuralTests
{
    private static string Message(string folder) => Assert.Throws<DataFolderException>(() => Validate(folder)).Message;

    [Fact]
    public void Missing_folder_empty_folder_and_missing_required_files()
    {
        var missing = Path.Combine(TestPaths.NewTempFolder(), "nope");
        Assert.Equal($"The data folder '{missing}' does not exist. Pass --data with the folder that holds teams.csv, roster.csv and ai_usage.csv (CONTRACT §1).", Message(missing));
        var empty = TestPaths.NewTempFolder();
        Assert.Equal($"The data folder '{empty}' holds no input files. Put teams.csv, roster.csv and ai_usage.csv (or .parquet, or a vendor folder: copilot/, amazon_q/, claude_code/, cursor/) there; see CONTRACT §1.", Message(empty));
        var noRoster = Folder(("roster.csv", null));
        Assert.Equal($"The data folder '{noRoster}' has no roster file. Add roster.csv (UTF-8, header row) or roster.parquet; it is required (CONTRACT §1).", Message(noRoster));
        var noUsage = Folder(("ai_usage.csv", null));
        Assert.Equal($"The data folder '{noUsage}' has no AI usage. Add ai_usage.csv or ai_usage.parquet, or a vendor folder with per-user daily exports: copilot/ (GitHub Copilot usage metrics), amazon_q/ (Amazon Q Developer / Kiro user activity reports), claude_code/ (Claude Code analytics) or cursor/ (Cursor daily usage) (CONTRACT §1).", Message(noUsage));
    }

    [Fact]
    public void Missing_required_column_wrong_format_both_formats_and_empty_file()
    {
        Assert.Equal("roster.csv: the required column 'valid_from' is missing from the header (line 1). Add it; the columns found are: engineer_id, team_id.",
            Message(Folder(("roster.csv", "engineer_id,team_id\na,t1\n"))));
        Assert.Equal("deployments.xlsx is neither CSV nor Parquet. Export it as deployments.csv (UTF-8, RFC 4180, header row) or deployments.parquet.",
            Message(Folder(("deployments.xlsx", "PK"))));
        Assert.Equal("Both teams.csv and teams.parquet are present. Keep one of them so that no row is read twice.",
            Message(Folder(("teams.parquet", "x"))));
        Assert.Equal("incidents.csv is empty. It needs a header row with the column names of CONTRACT §1, then one row per record.",
            Message(Folder(("incidents.csv", ""))));
    }

    [Fact]
    public void No_usable_rows_stops_and_keeps_the_partial_report()
    {
        var folder = Folder(("teams.csv", "team_id,org\n,x\n"));
        var e = Assert.Throws<DataFolderException>(() => Validate(folder));
        Assert.Equal("teams.csv has no usable rows (1 read, 1 rejected). Fix the problems listed above and run again.", e.Message);
        Assert.Equal(1, e.PartialReport!.ErrorCount);
    }
}
