using Modeling.Ingest.Copilot;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Files;

namespace Modeling.Ingest.Vendors;

/// <summary>The reader of each vendor's JSON export, one per vendor for the whole folder (so a user-day repeated across files is seen).</summary>
internal sealed class VendorReaders(IngestState state, AiUsageReader usage, DiagnosticLog log)
{
    private readonly Dictionary<string, JsonUsageReportReader> _readers = [];

    public FileReport Read(InputFile file, string? rejectsFolder)
    {
        var vendor = file.Vendor ?? throw new ArgumentException("not a vendor file", nameof(file));
        if (!_readers.TryGetValue(vendor, out var reader))
            _readers[vendor] = reader = vendor switch
            {
                "copilot" => new CopilotReportReader(state, usage, log),
                DataFolder.CopilotUserTeams => new CopilotUserTeamsReader(state, usage, log),
                "claude_code" => new ClaudeCodeReportReader(state, usage, log),
                "cursor" => new CursorReportReader(state, usage, log),
                _ => throw new ArgumentException($"no JSON reader for {vendor}", nameof(file)),
            };
        return reader.Read(file, rejectsFolder);
    }
}
