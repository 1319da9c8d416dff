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
        Assert.Equal(1, table.Dropped["suppressed"]);
        Assert.Equal([2L, 4L], table.Lines); // the first record runs over lines 2 and 3
    }

    [Theory]
    [InlineData("unit,t,y,g\na,-1,1,\n", "line 2, column 't': value '-1'; expected a whole number ≥ 0, a month YYYY-MM, an ISO week YYYY-Www or a date YYYY-MM-DD.")]
    [InlineData("unit,t,y,g\na,1,NaN,\n", "line 2, column 'y': value 'NaN'; expected a finite number.")]
    [InlineData("unit,t,y,g\na,1,1,-2\n", "line 2, column 'g': value '-2'; expected a whole number > 0 like the time column's first value, or 0/empty/NA/Inf for never treated.")]
    [InlineData("unit,t,y,g\na,2024-01,1,\nb,2024-02,1,2024\n", "line 3, column 'g': value '2024'; expected a month YYYY-MM like the time column's first value, or 0/empty/NA/Inf for never treated.")]
    [InlineData("unit,t,y,g\na,2024-01,1,\nb,2024-W02,1,\n", "line 3, column 't': value '2024-W02'; expected a month YYYY-MM like the time column's first value.")]
    [InlineData("unit,t,y,g\na,2024-13,1,\n", "line 2, column 't': value '2024-13'; expected a whole number ≥ 0, a month YYYY-MM, an ISO week YYYY-Www or a date YYYY-MM-DD.")]
    [InlineData("unit,t,y,g\na,\u001b[31mred,1,\n", "line 2, column 't': value '\\x1b[31mred'; expected a whole number ≥ 0, a month YYYY-MM, an ISO week YYYY-Www or a date YYYY-MM-DD.")]
    [InlineData("unit,t,y,g\na,1,1\n", "line 2: 3 fields; expected 4 as in the header.")]
    [InlineData("unit,t,y\na,1,1\n", "line 1: no column 'g'; the header has unit, t, y.")]
    [InlineData("unit,t,y,g,suppressed\na,1,,,yes\n", "line 2, column 'suppressed': value 'yes'; expected true or false.")]
    [InlineData("unit,t,y,g,suppressed\na,1,,,true\n", "all 1 data rows are marked suppressed (groups too small to show), so nothing is left to estimate.")]
    [InlineData("unit,t,y,g\n", "no header or no data rows; expected a panel (CSV with a header row, or Parquet).")]
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

    private static readonly PanelColumnRequest[] WithMissing =
        [new("unit", PanelValueKind.Label), new("t", PanelValueKind.Period), new("y", PanelValueKind.Number, "missing_outcome"),
         new("x", PanelValueKind.Number, "missing_covariate"), new("g", PanelValueKind.Cohort)];

    [Theory]
    [InlineData(",")]
    [InlineData(";")]
    [InlineData("\t")]
    public void The_delimiter_is_detected_from_the_header_and_missing_values_drop_their_row_counted_by_reason(string d)
    {
        // As R's did and fixest: empty, NA, NaN and NULL are missing; the row is left out and counted, never silently.
        var path = Write(string.Join("\n", ["unit,t,y,x,g", "a,1,2.5,1,", "a,2,NA,1,", "b,1,1,,3", "b,2,1,nan,3", "c,1,4,NULL,", "c,2,\"5\",2,"]).Replace(",", d) + "\n");
        var table = PanelFile.Read(path, WithMissing);
        Assert.Equal(2, table.Rows);
        Assert.Equal(["a", "c"], table.Labels["unit"]);
        Assert.Equal(1, table.Dropped["missing_outcome"]);
        Assert.Equal(3, table.Dropped["missing_covariate"]);
        Assert.Equal(0, table.Dropped["suppressed"]);
        Assert.Equal("line 7", table.Where(1));
    }

    [Fact]
    public void A_file_with_nothing_left_says_why()
    {
        var path = Write("unit,t,y,x,g,suppressed\na,1,NA,1,,true\nb,1,NA,1,,\n");
        Assert.Equal($"{path}: all 2 data rows were left out (suppressed, missing_outcome), so nothing is left to estimate.",
            Assert.Throws<PanelFileException>(() => PanelFile.Read(path, WithMissing)).Message);
    }

    [Fact]
    public void A_given_delimiter_overrides_detection()
    {
        var path = Write("unit;t,y,x,g\na;1,2,3,4,\n");
        var e = Assert.Throws<PanelFileException>(() => PanelFile.Read(path, WithMissing, new PanelFileOptions(';')));
        Assert.Equal($"{path}: line 1: no column 't'; the header has unit, \"t,y,x,g\".".Replace("\"", ""), e.Message);
    }

    [Theory]
    [InlineData("2023-12", "2024-01", "2024-02", "2024-01", PanelTimeFormat.Month, 2023 * 12 + 12, "2024-01")]
    [InlineData("2023-W52", "2024-W01", "2024-W02", "2024-W01", PanelTimeFormat.Week, 0, "2024-W01")]
    [InlineData("2023-12-01", "2024-01-01", "2024-02-01", "2024-01-01", PanelTimeFormat.MonthDate, 2023 * 12 + 12, "2024-01-01")]
    [InlineData("2024-01-03", "2024-01-10", "2024-01-17", "2024-01-10", PanelTimeFormat.WeekDate, 0, "2024-01-10")]
    [InlineData("2024-01-03", "2024-01-04", "2024-01-05", "2024-01-04", PanelTimeFormat.Day, 0, "2024-01-04")]
    [InlineData("0", "1", "2", "1", PanelTimeFormat.Integer, 0, null)]
    public void Calendar_times_become_consecutive_periods_and_cohorts_follow_the_time_column(
        string t0, string t1, string t2, string cohort, PanelTimeFormat format, int firstPeriod, string? cohortLabel)
    {
        var path = Write($"unit,t,y,g\na,{t0},1,{cohort}\na,{t1},1,{cohort}\na,{t2},1,{cohort}\nb,{t0},1,\nb,{t1},1,0\n");
        var table = PanelFile.Read(path, Columns);
        Assert.Equal(format, table.TimeAxis.Format);
        var t = table.WholeNumbers["t"];
        Assert.Equal([t[0], t[0] + 1, t[0] + 2, t[0], t[0] + 1], t);
        Assert.All(t, v => Assert.True(v > 0));
        if (firstPeriod > 0) Assert.Equal(firstPeriod, t[0]);
        var g = table.WholeNumbers["g"];
        Assert.Equal([t[1], t[1], t[1], 0, 0], g);
        Assert.Equal(cohortLabel, table.TimeAxis.Label(g[0]));
        Assert.Equal(format == PanelTimeFormat.Integer ? 1 : t[1], table.TimeAxis.Value(g[0]));
        Assert.Equal(t0, table.TimeAxis.Label(t[0]) ?? table.TimeAxis.Value(t[0]).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parquet_is_recognised_by_its_magic_bytes_and_rows_are_named_by_number()
    {
        var folder = TestPaths.NewTempFolder("panel-file");
        var path = Path.Combine(folder, "panel.data");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM (VALUES ('a', DATE '2024-01-01', 1.5, NULL::DOUBLE, NULL::DATE), ('b', DATE '2024-02-01', NULL, 2.0, DATE '2024-02-01'), " +
                $"('c', DATE '2024-01-01', 3.0, 1.0, NULL)) v(unit, t, y, x, g)) TO '{path}' (FORMAT PARQUET)";
            command.ExecuteNonQuery();
        }
        var table = PanelFile.Read(path, WithMissing);
        Assert.True(table.IsParquet);
        Assert.Equal(PanelTimeFormat.MonthDate, table.TimeAxis.Format);
        Assert.Equal(["c"], table.Labels["unit"]);
        Assert.Equal(1, table.Dropped["missing_outcome"]);
        Assert.Equal(1, table.Dropped["missing_covariate"]);
        Assert.Equal("row 3", table.Where(0));
        File.WriteAllBytes(path, [.. "PAR1"u8, 1, 2, 3]);
        Assert.StartsWith($"{path}: not a readable Parquet file (", Assert.Throws<PanelFileException>(() => PanelFile.Read(path, WithMissing)).Message);
    }
}
