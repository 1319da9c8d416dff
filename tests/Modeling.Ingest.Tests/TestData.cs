using Modeling.Ingest.Pseudonyms;
using Modeling.Ingest.Staging;
using Modeling.Tests;

namespace Modeling.Ingest.Tests;

/// <summary>Small data folders written by tests, and a sink that keeps the rows it is given.</summary>
internal static class TestData
{
    public const string KeyHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    public static readonly PseudonymKey Key = PseudonymKey.FromHex(KeyHex, "test key");
    public static readonly Pseudonymizer Pseudonymizer = new(Key);

    public const string Teams = "team_id,org,name,service_tier,primary_language\nt1,payments,\"Payments, Core\",1,csharp\nt2,search,Search,2,go\n";
    public const string Roster = "engineer_id,team_id,valid_from,valid_to,level\nalice@example.com,t1,2024-01-01,,senior\nbob@example.com,t2,2024-01-01,2024-06-30,mid\n";
    public const string AiUsage = "date,engineer_id,tool,model,feature,interactions,suggestions,acceptances,lines_suggested,lines_accepted,agent_sessions\n2024-03-01,alice@example.com,copilot,gpt-4o,chat,5,10,4,40,30,\n";

    /// <summary>A folder with valid teams, roster and ai_usage, plus the given files (name → content; null removes a file).</summary>
    public static string Folder(params (string Name, string? Content)[] files)
    {
        var dir = TestPaths.NewTempFolder("ingest");
        var all = new Dictionary<string, string?> { ["teams.csv"] = Teams, ["roster.csv"] = Roster, ["ai_usage.csv"] = AiUsage };
        foreach (var (name, content) in files) all[name] = content;
        foreach (var (name, content) in all)
        {
            if (content is null) continue;
            var path = Path.Combine(dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
        return dir;
    }

    public static IngestReport Validate(string folder, string? output = null) =>
        Ingestion.Validate(folder, new IngestOptions(Key) { OutputFolder = output });

    public static (IngestReport Report, CollectingSink Sink) Read(string folder, string? output = null)
    {
        var sink = new CollectingSink();
        return (Ingestion.Run(folder, new IngestOptions(Key) { OutputFolder = output }, sink), sink);
    }

    public static string[] Problems(IngestReport report) => report.Diagnostics.Select(d => d.ToString()).ToArray();

    public static string P(string rawId) => Pseudonymizer.Pseudonymize(rawId);
}

internal sealed class CollectingSink : IStagingSink
{
    public List<TeamRow> Teams { get; } = [];
    public List<RosterRow> Roster { get; } = [];
    public List<AiUsageRow> AiUsage { get; } = [];
    public List<DeploymentRow> Deployments { get; } = [];
    public List<IncidentRow> Incidents { get; } = [];
    public List<PullRequestRow> PullRequests { get; } = [];
    public List<MandateRow> Mandates { get; } = [];
    public IReadOnlyList<string> Engineers { get; private set; } = [];

    public void Add(in TeamRow row) => Teams.Add(row);
    public void Add(in RosterRow row) => Roster.Add(row);
    public void Add(in AiUsageRow row) => AiUsage.Add(row);
    public void Add(in DeploymentRow row) => Deployments.Add(row);
    public void Add(in IncidentRow row) => Incidents.Add(row);
    public void Add(in PullRequestRow row) => PullRequests.Add(row);
    public void Add(in MandateRow row) => Mandates.Add(row);
    public void AddEngineers(IReadOnlyList<string> pseudonyms) => Engineers = pseudonyms.ToArray();
}
