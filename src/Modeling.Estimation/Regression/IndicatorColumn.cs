using System.Collections;

namespace Modeling.Estimation.Regression;

/// <summary>
/// A 0/1 regressor stored as the sorted rows where it is 1 (event-time or cohort × period dummies): O(ones) memory,
/// and the regression core exploits the sparsity. Immutable.
/// </summary>
public sealed class IndicatorColumn : IReadOnlyList<double>
{
    private readonly int[] _rows;

    public IndicatorColumn(int count, IEnumerable<int> rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _rows = [.. rows.Distinct().Order()];
        if (_rows.Length > 0 && (_rows[0] < 0 || _rows[^1] >= count))
            throw new ArgumentOutOfRangeException(nameof(rows), $"The 'rows' parameter of IndicatorColumn must hold indices in [0, {count}).");
        Count = count;
    }

    public int Count { get; }
    /// <summary>Rows where the indicator is 1, ascending.</summary>
    public IReadOnlyList<int> Ones => _rows;
    public double this[int index] => Array.BinarySearch(_rows, index) >= 0 ? 1.0 : 0.0;

    public IEnumerator<double> GetEnumerator()
    {
        int next = 0;
        for (int i = 0; i < Count; i++)
        {
            if (next < _rows.Length && _rows[next] == i) { next++; yield return 1.0; }
            else yield return 0.0;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
