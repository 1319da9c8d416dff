using Modeling.Ingest.Panels;
using Modeling.Tests;

namespace Modeling.Ingest.Tests;

/// <summary>Panel files brought to <c>estimate</c>: read schema-first, with the exact messages.</summary>
public class PanelFileTests
{
    private static readonly PanelColumnRequest[] Columns =
        [new("unit", PanelValueKind.Label), new("t", PanelValueKind.Period), new("y", PanelValueKind.Number), new("g", PanelValueKind.Cohort)];

    private static string Write(string text)
    {
        var path = Path.Combine(TestPaths.NewTempFolder("panel-file"), "panel.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Columns_are_typed_quoted_fields_may_hold_commas_and_line_breaks_and_suppressed_rows_are_counted()
    {
        var path = Write("unit,extra,t,y,g,suppressed\n\"a, \"\"one\"\"\nteam\",x,1,2.5,,false\nb,x,2,1e-3,3,\nc,x,2,,,true\n");
        var table = PanelFile.Read(path, Columns);
        Assert.Equal(2, table.Rows);
        Assert.Equal(["a, \"one\"\nteam", "b"], table.Labels["unit"]);
        Assert.Equal([1, 2], table.WholeNumbers["t"]);
        Assert.Equal([0, 3], table.WholeNumbers["g"]);
        Assert.Equal([2.5, 0.001], table.Numbers["y"]);
        Assert.Equal(1, table.Suppressed);
    }

    [Theory]
    [InlineData("unit,t,y,g\na,0,1,\n", "line 2, column 't': value '0'; expected a whole number > 0.")]
    [InlineData("unit,t,y,g\na,1,NaN,\n", "line 2, column 'y': value 'NaN'; expected a finite number.")]
    [InlineData("unit,t,y,g\na,1,1,-2\n", "line 2, column 'g': value '-2'; expected a whole number > 0, or 0/empty for never treated.")]
    [InlineData("unit,t,y,g\na,1,1\n", "line 2: 3 fields; expected 4 as in the header.")]
    [InlineData("unit,t,y\na,1,1\n", "line 1: no column 'g'; the header has unit, t, y.")]
    [InlineData("unit,t,y,g,suppressed\na,1,,,yes\n", "line 2, column 'suppressed': value 'yes'; expected true or false.")]
    [InlineData("unit,t,y,g,suppressed\na,1,,,true\n", "all 1 data rows are marked suppressed (groups too small to show), so nothing is left to estimate.")]
    [InlineData("unit,t,y,g\n", "no header or no data rows; expected a CSV panel with a header row.")]
    public void A_bad_file_is_refused_naming_line_column_value_and_expectation(string text, string expected)
    {
        var path = Write(text);
        var e = Assert.Throws<PanelFileException>(() => PanelFile.Read(path, Columns));
        Assert.Equal($"{path}: {expected}", e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(TestPaths.NewTempFolder("panel-file"), "nope.csv");
        Assert.Equal($"{path}: file not found.", Assert.Throws<PanelFileException>(() => PanelFile.Read(path, Columns)).Message);
    }
}
