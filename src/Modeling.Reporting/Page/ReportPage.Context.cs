using System.Text;
using Modeling.Reporting.Text;
using static Modeling.Reporting.Page.Html;

namespace Modeling.Reporting.Page;

/// <summary>What others measured, beside the headline: the published studies of <see cref="PublishedStudies"/>.</summary>
internal sealed partial class ReportPage
{
    private string PublishedContext()
    {
        var b = new StringBuilder();
        double widest = PublishedStudies.All.Max(s => s.CiHigh ?? s.Multiplier ?? 0);
        double? target = r.Mandates.Select(m => m.TargetMultiplier).Max();
        b.Append("<h3>What others measured</h3>\n<p>")
         .Append(E("None of these is this organisation, but together they show the size of effects measured so far: from 19% slower "
            + "to about a quarter more completed tasks, with quality costs alongside."
            + (target > widest ? $" The largest target here, {Format.Target(target)}, is far outside all of them." : "")))
         .Append("</p>\n");
        b.Append(Table("Published measurements of AI coding tools", ["Study", "Setting", "What they found", "As a multiplier", "Source"],
            PublishedStudies.All.Select(s => (IReadOnlyList<string>)
            [
                E(s.Study), E(s.Setting), E(s.Finding),
                E(s.Multiplier is null ? "—" : Format.Multiplier(s.Multiplier) + (s.CiLow is null ? "" : " " + Format.Interval(s.CiLow, s.CiHigh)) + " " + s.Measure),
                $"<a href=\"{E(s.Url)}\" rel=\"noopener noreferrer\">{E(s.Source)}</a>",
            ])));
        return b.ToString();
    }
}
