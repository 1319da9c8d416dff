using System.Globalization;
using Modeling.Ingest.Files;

namespace Modeling.Ingest.Output;

/// <summary>The readable summary of an ingest (the <c>validate</c> verb's stderr): counts per file, then the problems, then notes.</summary>
public static class ReportText
{
    public const int DefaultProblemsShown = 50;

    public static void Write(TextWriter w, IngestReport report, int problemsShown = DefaultProblemsShown)
    {
        w.WriteLine(Messages.SummaryHeader);
        foreach (var schema in Schemas.InReadingOrder)
        {
            var files = report.Files.Where(f => f.Table == schema.Table).ToList();
            // An absent identities.csv or policies.csv loses no outcome: not listed.
            if (files.Count == 0 && schema != Schemas.Identities && schema != Schemas.Policies) w.WriteLine(Messages.SummaryAbsent(schema.Table));
            foreach (var f in files)
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f.File,-34} {f.RowsRead,10} {f.RowsUsed,10} {f.RowsRejected,10}"));
        }
        w.WriteLine();
        if (report.ProblemCount == 0) w.WriteLine(Messages.SummaryNoProblems);
        else
        {
            w.WriteLine(Messages.SummaryProblems(report.ErrorCount, report.WarningCount));
            foreach (var d in report.Diagnostics.Take(problemsShown)) w.WriteLine("  " + d);
            var more = report.ProblemCount - Math.Min(problemsShown, report.Diagnostics.Count);
            if (more > 0)
                w.WriteLine(report.DiagnosticsFile is { } path ? Messages.SummaryMoreInFile(more, path) : Messages.SummaryMoreNoOut(more));
            if (report.Files.Any(f => f.Format == FileFormat.Parquet)) w.WriteLine(Messages.SummaryParquetLines);
        }
        if (report.Notes.Count > 0)
        {
            w.WriteLine(Messages.SummaryNotes);
            foreach (var n in report.Notes) w.WriteLine("  " + n);
        }
        if (report.Files.Any(f => f.RowsRejected > 0))
            w.WriteLine(report.RejectsFolder is { } folder ? Messages.SummaryRejectsWritten(folder) : Messages.SummaryRejectsNotWritten);
        WriteManyRejected(w, report.Files);
    }

    /// <summary>One loud line per file with more than 1 % of its rows rejected (validate and analyze both end with these).</summary>
    public static void WriteManyRejected(TextWriter w, IEnumerable<FileReport> files)
    {
        foreach (var f in files)
            if (f.RejectsMany) w.WriteLine(Messages.ManyRowsRejected(f.File, f.RowsRejected, f.RowsRead));
    }
}
