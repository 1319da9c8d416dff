using Microsoft.Data.Analysis;
using Modeling.Estimation.Data;
using Modeling.Estimation.Staggered;
using Modeling.Interactive.Data;

using Modeling.Tests;

namespace Modeling.Interactive.Tests;

public class PanelFramesTests
{
    private static DataFrame Mpdta() => DataFrame.LoadCsv(Path.Combine(TestPaths.RefData, "mpdta.csv"),
        dataTypes: [typeof(int), typeof(int), typeof(double), typeof(double), typeof(int), typeof(int)]);

    [Fact]
    public void Mpdta_through_a_DataFrame_gives_the_published_simple_and_dynamic_ATT()
    {
        var data = PanelFrames.ToPanelData(Mpdta(), unit: "countyreal", time: "year", outcome: "lemp", cohort: "first.treat");

        Assert.Equal(500, data.UnitCount);
        Assert.Equal(2500, data.Count);
        // refdata/README.md: 309 never-treated counties, observed in 5 years each.
        Assert.Equal(309 * 5, data.Cohort!.Count(c => c == PanelData.NeverTreated));
        var fit = new StaggeredDid { ControlGroup = ControlGroup.NeverTreated, Bootstrap = null }.Fit(data);
        // R did 2.x att_gt + aggte on mpdta (refdata/README.md): simple -0.0400, dynamic overall -0.0772; exact to 1e-4.
        Assert.Equal(-0.0400, fit.Simple.Overall.Estimate, 0.00005);
        Assert.Equal(-0.0772, fit.Dynamic.Overall.Estimate, 0.00005);
    }

    [Fact]
    public void Units_are_indexed_in_ordinal_order_and_empty_cohorts_are_never_treated()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("team", ["b", "a", "c", "b"]),
            new Int32DataFrameColumn("t", [1, 1, 1, 2]),
            new DoubleDataFrameColumn("y", [1.5, 2.5, 3.5, 4.5]),
            new Int32DataFrameColumn("g", [2, null, 0, 2]));

        var data = PanelFrames.ToPanelData(frame, "team", "t", "y", cohort: "g");

        Assert.Equal(["a", "b", "c"], data.UnitLabels);
        Assert.Equal([1, 0, 2, 1], data.Unit);
        Assert.Equal([2, 0, 0, 2], data.Cohort);
        Assert.Equal("y", data.OutcomeName);
    }

    [Fact]
    public void A_missing_column_names_the_columns_there_are()
    {
        var frame = new DataFrame(new Int32DataFrameColumn("u", [1]), new Int32DataFrameColumn("t", [1]));

        var e = Assert.Throws<ArgumentException>(() => PanelFrames.ToPanelData(frame, "u", "t", "lemp"));

        Assert.StartsWith("The DataFrame has no column 'lemp'; it has u, t.", e.Message);
    }

    [Fact]
    public void A_missing_outcome_value_names_column_row_and_expectation()
    {
        var frame = new DataFrame(new Int32DataFrameColumn("u", [1, 2]), new Int32DataFrameColumn("t", [1, 1]),
            new DoubleDataFrameColumn("y", [1.0, null]));

        var e = Assert.Throws<ArgumentException>(() => PanelFrames.ToPanelData(frame, "u", "t", "y"));

        Assert.StartsWith("Column 'y', row 1: missing value; expected a finite number.", e.Message);
    }

    [Fact]
    public void A_time_that_is_not_a_positive_whole_number_is_rejected()
    {
        var frame = new DataFrame(new Int32DataFrameColumn("u", [1]), new DoubleDataFrameColumn("t", [2004.5]),
            new DoubleDataFrameColumn("y", [1.0]));

        var e = Assert.Throws<ArgumentException>(() => PanelFrames.ToPanelData(frame, "u", "t", "y"));

        Assert.StartsWith("Column 't', row 0: value '2004.5'; expected a whole number > 0.", e.Message);
    }
}
