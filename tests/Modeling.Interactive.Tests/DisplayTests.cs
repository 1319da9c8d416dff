using Modeling.Estimation.Staggered;
using Modeling.Interactive.Data;
using Modeling.Interactive.Display;
using Microsoft.Data.Analysis;

using Modeling.Tests;

namespace Modeling.Interactive.Tests;

public class DisplayTests
{
    [Fact]
    public void A_table_renders_aligned_text_and_encoded_html()
    {
        var table = new Table("Effects", ["estimator", "multiplier [CI]"])
            .Add("naive", Cells.Multiplier(1.6012, 1.39, 1.862))
            .Add("imputation <headline>", Cells.Multiplier(1.3, 1.17, 1.46));

        Assert.Equal(
            "Effects\n" +
            "estimator                 multiplier [CI]\n" +
            "---------------------  ------------------\n" +
            "naive                  1.60× [1.39, 1.86]\n" +
            "imputation <headline>  1.30× [1.17, 1.46]\n",
            table.ToText());
        Assert.Contains("<td style=\"text-align:left\">imputation &lt;headline&gt;</td><td style=\"text-align:right\">1.30&#215; [1.17, 1.46]</td>", table.ToHtml());
    }

    [Theory]
    [InlineData(0.0004, "<0.001")]
    [InlineData(0.0123, "0.012")]
    [InlineData(double.NaN, "–")]
    public void P_values_are_formatted_invariantly(double p, string expected) => Assert.Equal(expected, Cells.PValue(p));

    [Fact]
    public void A_missing_multiplier_shows_a_dash() => Assert.Equal("–", Cells.Multiplier(null, null, null));

    [Fact]
    public void The_staggered_DiD_summary_shows_the_aggregations_with_intervals()
    {
        var frame = DataFrame.LoadCsv(Path.Combine(TestPaths.RefData, "mpdta.csv"),
            dataTypes: [typeof(int), typeof(int), typeof(double), typeof(double), typeof(int), typeof(int)]);
        var fit = new StaggeredDid { Bootstrap = null }.Fit(PanelFrames.ToPanelData(frame, "countyreal", "year", "lemp", "first.treat"));

        var text = Summaries.Of(fit).ToText();

        Assert.Contains("units (clusters):", text);
        Assert.Matches(@"simple\s+-0\.0400\s+0\.01\d\d\s+\[-0\.0\d\d\d, -0\.0\d\d\d\]", text);
        Assert.Matches(@"dynamic \(event times ≥ 0\)\s+-0\.0772", text);
        // One event-study row per event time −3..3 (refdata/README.md).
        foreach (var e in new[] { "-3", "-2", "-1", "0", "1", "2", "3" }) Assert.Matches($@"\n{e}\s+-?0\.\d{{4}}", text);
    }

    [Fact]
    public void A_DataFrame_preview_shows_the_first_rows_and_the_size()
    {
        var frame = new DataFrame(new Int32DataFrameColumn("i", Enumerable.Range(0, 25)), new DoubleDataFrameColumn("x", Enumerable.Range(0, 25).Select(i => (double?)(i / 3.0))));

        var table = Summaries.Preview(frame);

        Assert.Equal("DataFrame: 25 rows × 2 columns (first 10)", table.Caption);
        Assert.Equal(10, table.Rows.Count);
        Assert.Equal(["9", "3.000"], table.Rows[9]);
    }
}
