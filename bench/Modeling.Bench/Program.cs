using System.Globalization;
using Modeling.Bench;

// modeling-bench micro    [BenchmarkDotNet arguments, e.g. --filter '*' --job short]
// modeling-bench coverage [--seeds 100] [--first-seed 1] [--teams 150] [--months 24] [--outcome merged_prs_per_engineer] [--out FILE]
// modeling-bench scopes   [--seeds 100] [--first-seed 1] [--teams 150] [--months 30] [--true-multiplier 1.25] [--outcome merged_prs_per_engineer] [--out FILE]
// modeling-bench dml      [--seeds 50] [--first-seed 1] [--teams 150] [--months 30] [--outcome merged_prs_per_engineer] [--out FILE]
// modeling-bench trends  [--seeds 20] [--first-seed 1] [--teams 150] [--months 36] [--trend 0.01] [--true-multiplier 1.25] [--target 3] [--out FILE]
// modeling-bench multiplicity [--seeds 100] [--first-seed 1] [--teams 150] [--months 30] [--out FILE]
// modeling-bench scale    [--teams 100,300,1000,2100] [--months 36] [--work DIR] [--out FILE]
// modeling-bench tools    [--seeds 100] [--first-seed 1] [--teams 150] [--months 30] [--tool-effects copilot=1.15,cursor=1.5,claude-code=1.5] [--outcome merged_prs_per_engineer] [--out FILE]
if (args.Length == 0 || args[0] is not ("coverage" or "scopes" or "dml" or "trends" or "multiplicity" or "scale" or "tools" or "micro"))
{
    Console.Error.WriteLine("usage: modeling-bench coverage|scopes|dml|trends|multiplicity|scale|tools|micro [options] (see bench/README.md)");
    return 2;
}
if (args[0] == "micro")
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromTypes([typeof(EstimatorBenchmarks)]).Run(args[1..]);
    return 0;
}
string Option(string name, string fallback)
{
    int i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
int Int(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

var work = Option("work", Path.Combine(Path.GetTempPath(), "modeling-bench"));
Directory.CreateDirectory(work);
string table;
string? chart = null;
if (args[0] == "coverage")
{
    table = new CoverageStudy(Int("seeds", 100), Int("first-seed", 1), Int("teams", 150), Int("months", 24),
        Option("outcome", "merged_prs_per_engineer"), work).Run(Console.Error.WriteLine);
}
else if (args[0] == "scopes")
{
    table = new ScopeCoverageStudy(Int("seeds", 100), Int("first-seed", 1), Int("teams", 150), Int("months", 30),
        double.Parse(Option("true-multiplier", "1.25"), CultureInfo.InvariantCulture), Option("outcome", "merged_prs_per_engineer"), work)
        .Run(Console.Error.WriteLine);
}
else if (args[0] == "dml")
{
    table = new DmlNullStudy(Int("seeds", 50), Int("first-seed", 1), Int("teams", 150), Int("months", 30),
        Option("outcome", "merged_prs_per_engineer"), work).Run(Console.Error.WriteLine);
}
else if (args[0] == "trends")
{
    double D(string name, string fallback) => double.Parse(Option(name, fallback), CultureInfo.InvariantCulture);
    table = new TrendVerdictStudy(Int("seeds", 20), Int("first-seed", 1), Int("teams", 150), Int("months", 36), D("trend", "0.01"),
        D("true-multiplier", "1.25"), D("target", "3"), work).Run(Console.Error.WriteLine);
}
else if (args[0] == "tools")
{
    var effects = Option("tool-effects", "copilot=1.15,cursor=1.5,claude-code=1.5").Split(',').Select(p => p.Split('='))
        .Select(p => new Modeling.Simulation.ToolEffect(p[0], double.Parse(p[1], CultureInfo.InvariantCulture))).ToArray();
    table = new ToolStudy(Int("seeds", 100), Int("first-seed", 1), Int("teams", 150), Int("months", 30), effects,
        Option("outcome", "merged_prs_per_engineer"), work).Run(Console.Error.WriteLine);
}
else if (args[0] == "multiplicity")
{
    table = new MultiplicityStudy(Int("seeds", 100), Int("first-seed", 1), Int("teams", 150), Int("months", 30), work).Run(Console.Error.WriteLine);
}
else
{
    var scale = new ScaleRun([.. Option("teams", "100,300,1000,2100").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture))],
        Int("months", 36), work);
    table = scale.Run(Console.Error.WriteLine);
    chart = scale.ChartHtml;
}
var output = Option("out", "");
if (output.Length > 0)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    File.WriteAllText(output, table);
    if (chart is not null) File.WriteAllText(Path.ChangeExtension(output, ".html"), chart);
}
Console.Write(table);
return 0;
