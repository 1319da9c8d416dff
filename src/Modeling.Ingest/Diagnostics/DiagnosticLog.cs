using System.Globalization;
using Modeling.Ingest.Csv;

namespace Modeling.Ingest.Diagnostics;

/// <summary>
/// Collects diagnostics in reading order: counts every one, keeps the first <c>keep</c> in memory (a broken 30-million-row
/// file must not exhaust memory), and streams all of them to <c>diagnostics.csv</c> when an output folder is given.
/// </summary>
internal sealed class DiagnosticLog : IDisposable
{
    public const string FileName = "diagnostics.csv";
    private readonly int _keep;
    private readonly List<Diagnostic> _kept = [];
    private readonly List<Diagnostic> _notes = [];
    private readonly StreamWriter? _writer;
    private readonly Dictionary<(string File, string Rule, Severity Severity), long> _byRule = [];

    public DiagnosticLog(int keep, string? outputFolder)
    {
        _keep = keep;
        if (outputFolder is null) return;
        Directory.CreateDirectory(outputFolder);
        FullListPath = Path.Combine(outputFolder, FileName);
        _writer = new StreamWriter(FullListPath, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        CsvWriting.WriteRow(_writer, ["file", "line", "column", "severity", "rule", "value", "expected"]);
    }

    public string? FullListPath { get; }
    public long Errors { get; private set; }
    public long Warnings { get; private set; }
    public IReadOnlyList<Diagnostic> Kept => _kept;
    public IReadOnlyList<Diagnostic> Notes => _notes;

    /// <summary>How many errors and warnings each rule raised in each file (all of them, not only the kept ones).</summary>
    public IReadOnlyList<ProblemCount> CountsByRule => [.. _byRule
        .Select(kv => new ProblemCount(kv.Key.File, kv.Key.Severity, kv.Key.Rule, kv.Value))
        .OrderBy(c => c.File, StringComparer.Ordinal).ThenBy(c => c.Severity).ThenBy(c => c.Rule, StringComparer.Ordinal)];

    public void Add(Diagnostic d)
    {
        switch (d.Severity)
        {
            case Severity.Error: Errors++; break;
            case Severity.Warning: Warnings++; break;
            default: _notes.Add(d); break;
        }
        if (d.Severity != Severity.Note)
        {
            var key = (d.File, d.Rule, d.Severity);
            _byRule[key] = _byRule.GetValueOrDefault(key) + 1;
            if (_kept.Count < _keep) _kept.Add(d);
        }
        if (_writer is not null)
            CsvWriting.WriteRow(_writer, [d.File, d.Line.ToString(CultureInfo.InvariantCulture), d.Column, d.SeverityName, d.Rule, d.Value, d.Expected]);
    }

    public void Dispose() => _writer?.Dispose();
}

/// <summary>The number of errors or warnings one rule raised in one file (an error rejects its row).</summary>
public sealed record ProblemCount(string File, Severity Severity, string Rule, long Count)
{
    public string SeverityName => Severity == Severity.Error ? "error" : "warning";
}
