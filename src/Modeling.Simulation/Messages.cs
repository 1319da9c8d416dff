using System.Globalization;

namespace Modeling.Simulation;

/// <summary>Every user-facing text of the simulator, in one place (tests assert them exactly).</summary>
public static class Messages
{
    private static string Show(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    public static string OptionAtLeast(string option, string minimum, object got) =>
        $"The '--{option}' option of simulate must be at least {minimum}. Got {Show(got)} instead.";

    public static string OptionAtMost(string option, string maximum, object got) =>
        $"The '--{option}' option of simulate must be at most {maximum}. Got {Show(got)} instead.";

    public static string OptionPositive(string option, object got) =>
        $"The '--{option}' option of simulate must be greater than 0. Got {Show(got)} instead.";

    public static string OptionRange(string option, string minimum, string maximum, object got) =>
        $"The '--{option}' option of simulate must be between {minimum} and {maximum}. Got {Show(got)} instead.";

    public static string StartMonthFormat(string got) =>
        $"The '--start' option of simulate must be a month as YYYY-MM (e.g. 2024-01). Got '{got}' instead.";

    public static string OutputNotEmpty(string folder) =>
        $"The output folder '{folder}' already holds files; choose an empty or new folder, or delete it first.";

    public static string Progress(int teamsDone, int teams) =>
        $"simulate: {teamsDone}/{teams} teams";

    public static string Done(string folder, long engineers, long usageRows, long pullRequests, long deployments, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture,
            $"simulate: wrote {folder}: {engineers} engineers, {usageRows} ai_usage rows, {pullRequests} pull requests, {deployments} deployments in {elapsed.TotalSeconds:F1} s");

    public static string BrokenDone(string folder, int problems, string expectedFile) =>
        $"simulate: injected {problems} problems into {folder}; listed in {expectedFile}";

    public static string UnknownTool(string tool, IEnumerable<string> known) =>
        $"--tool-effects: the simulator has no tool '{tool}'; its tools are {string.Join(", ", known)}.";

    public const string ToolTwice = "--tool-effects names a tool twice.";

    public static string ToolEffectFormat(string got) =>
        $"--tool-effects expects tool=multiplier pairs separated by commas (e.g. copilot=1.2,cursor=1.6); got '{got}'.";

    public static string PolicyOutsideWindow(DateOnly date) =>
        $"--usage-in-reviews: the policy date {date:yyyy-MM-dd} is outside the simulated months.";

    public static string UsagePolicyFormat(string got) =>
        $"--usage-in-reviews expects DATE[,SCOPE[,INFLATION]] (e.g. 2025-03-01 or 2025-03-01,org:payments,2); got '{got}'.";

    public static string PolicyScopeUnknown(string scope, IEnumerable<string> orgs) =>
        $"--usage-in-reviews: the scope '{scope}' names no organisation of the simulated company; use all or org:<org> with one of {string.Join(", ", orgs)}.";
}
