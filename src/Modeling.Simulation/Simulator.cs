using System.Diagnostics;
using Modeling.Simulation.Generation;
using Modeling.Simulation.Organisation;
using Modeling.Simulation.Truth;

namespace Modeling.Simulation;

/// <summary>Row counts and the truth of one simulated organisation.</summary>
public sealed record SimulationSummary(
    string Folder, int Teams, int Engineers, long RosterRows, long AiUsageRows, long PullRequests, long Deployments, long Incidents,
    SimulationTruth Truth, TimeSpan Elapsed);

/// <summary>
/// Writes a synthetic organisation in the CONTRACT §1 format plus truth.json. Phase 1 (sequential) fixes teams,
/// adoption and the roster; phase 2 generates teams in parallel batches, each from its own random stream, and
/// streams their rows to the files in team order, so memory stays bounded and the bytes depend only on the options.
/// </summary>
public static class Simulator
{
    public static SimulationSummary Run(SimulationOptions options, string folder, Action<string>? progress = null)
    {
        options.EnsureValid();
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new IOException(Messages.OutputNotEmpty(folder));
        var clock = Stopwatch.StartNew();

        var org = OrganisationBuilder.Build(options);
        // Checked before anything is written: a policy for no one would give a policies.csv the reader rejects.
        if (options.UsageInReviews is { Scope: var scope } && scope != "all" && !org.Teams.Any(t => scope == "org:" + t.Org))
            throw new ArgumentException(Messages.PolicyScopeUnknown(scope, org.Teams.Select(t => t.Org).Distinct().Order(StringComparer.Ordinal)));
        Directory.CreateDirectory(folder);
        WriteTeams(org, Path.Combine(folder, Schema.Teams));
        long rosterRows = WriteRoster(org, Path.Combine(folder, Schema.Roster));
        WriteMandates(org, Path.Combine(folder, Schema.Mandates));
        if (options.UsageInReviews is { } policy) WritePolicy(policy, Path.Combine(folder, Schema.Policies));

        var truthByTeam = new TeamMonthTruth[org.Teams.Length][];
        long usage = 0, pulls = 0, deployments = 0, incidents = 0;
        using (var usageFile = Open(folder, Schema.AiUsage, Schema.AiUsageColumns))
        using (var pullFile = Open(folder, Schema.PullRequests, Schema.PullRequestsColumns))
        using (var deployFile = Open(folder, Schema.Deployments, Schema.DeploymentsColumns))
        using (var incidentFile = Open(folder, Schema.Incidents, Schema.IncidentsColumns))
        {
            int batch = Math.Max(8, 8 * Environment.ProcessorCount);
            // Two sets of buffers: one batch is generated while the previous one is written.
            var buffers = new[] { NewBuffers(batch), NewBuffers(batch) };
            Task writing = Task.CompletedTask;
            int reported = 0;
            for (int start = 0, round = 0; start < org.Teams.Length; start += batch, round++)
            {
                int count = Math.Min(batch, org.Teams.Length - start);
                var outputs = buffers[round % 2][..count];
                Parallel.For(0, count, k => TeamGenerator.Generate(org, org.Teams[start + k], outputs[k]));
                writing.GetAwaiter().GetResult(); // the previous batch is on disk before this one is appended
                foreach (var o in outputs)
                {
                    truthByTeam[o.Truth[0].Team] = o.Truth;
                    usage += o.Usage.Rows;
                    pulls += o.PullRequests.Rows;
                    deployments += o.Deployments.Rows;
                    incidents += o.Incidents.Rows;
                }
                writing = Task.Run(() =>
                {
                    foreach (var o in outputs)
                    {
                        usageFile.Write(o.Usage.Written);
                        pullFile.Write(o.PullRequests.Written);
                        deployFile.Write(o.Deployments.Written);
                        incidentFile.Write(o.Incidents.Written);
                    }
                });
                int done = start + count;
                if (done * 10L / org.Teams.Length > reported || done == org.Teams.Length)
                {
                    reported = (int)(done * 10L / org.Teams.Length);
                    progress?.Invoke(Messages.Progress(done, org.Teams.Length));
                }
            }
            writing.GetAwaiter().GetResult();
        }

        var truth = TruthCalculator.Compute(org, truthByTeam);
        using (var stream = File.Create(Path.Combine(folder, Schema.Truth))) TruthJson.Write(truth, stream);
        return new SimulationSummary(folder, org.Teams.Length, org.Engineers.Count, rosterRows, usage, pulls, deployments, incidents, truth, clock.Elapsed);
    }

    private static TeamOutput[] NewBuffers(int count) => Enumerable.Range(0, count).Select(_ => new TeamOutput()).ToArray();

    private static FileStream Open(string folder, string file, IReadOnlyList<string> columns)
    {
        var stream = new FileStream(Path.Combine(folder, file), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        stream.Write(RowBuffer.Header(columns));
        return stream;
    }

    private static void WriteTeams(OrganisationModel org, string path)
    {
        var rows = new RowBuffer();
        foreach (var t in org.Teams)
        {
            rows.Text(t.Id).Text(t.Org).Text(t.Name).Int(t.Tier).Text(t.Language).EndRow();
        }
        WriteAll(path, Schema.TeamsColumns, rows);
    }

    private static long WriteRoster(OrganisationModel org, string path)
    {
        var rows = new RowBuffer(1 << 20);
        foreach (var m in org.Memberships.OrderBy(m => m.Team).ThenBy(m => m.FromDay).ThenBy(m => m.Engineer))
        {
            var e = org.Engineers[m.Engineer];
            rows.Text(e.Id).Text(org.Teams[m.Team].Id).Date(m.FromDay);
            if (m.ToDay is int to) rows.Date(to); else rows.Empty();
            rows.Text(e.Level).EndRow();
        }
        WriteAll(path, Schema.RosterColumns, rows);
        return rows.Rows;
    }

    /// <summary>The leadership targets of the scenario: 3x deployments for everyone, 10x merged PRs for one org, 1.5x merged PRs.</summary>
    private static void WriteMandates(OrganisationModel org, string path)
    {
        var c = org.Calendar;
        int baselineEnd = c.FirstDay(org.Options.FirstAdoptionMonthIndex) - 1;
        string org0 = org.Teams[0].Org;
        var rows = new RowBuffer();
        void Mandate(string id, string scope, string metric, long target, string source)
        {
            rows.Text(id).Text(scope).Text(metric).Int(target).Date(c.WindowFirstDay).Date(baselineEnd).Date(c.WindowLastDay).Text(source).EndRow();
        }
        Mandate("m1", "all", "deployments", 3, "CTO all-hands: triple deployments with AI");
        Mandate("m2", "org:" + org0, "merged_prs", 10, "VP " + org0 + " town hall: 10x merged PRs");
        rows.Text("m3").Text("all").Text("merged_prs").Bytes("1.5"u8).Date(c.WindowFirstDay).Date(baselineEnd).Date(c.WindowLastDay)
            .Text("engineering OKR: 1.5x merged PRs per engineer").EndRow();
        WriteAll(path, Schema.MandatesColumns, rows);
    }

    private static void WritePolicy(UsagePolicy policy, string path)
    {
        var rows = new RowBuffer();
        rows.Text("p1").Date(policy.Date.DayNumber).Text(policy.Scope).Text("usage_in_reviews").Text("AI usage counts in performance reviews").EndRow();
        WriteAll(path, Schema.PoliciesColumns, rows);
    }

    private static void WriteAll(string path, IReadOnlyList<string> columns, RowBuffer rows)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        stream.Write(RowBuffer.Header(columns));
        stream.Write(rows.Written);
    }

}
