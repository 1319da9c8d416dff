namespace Modeling.Ingest.Vendors;

/// <summary>Vendors' optional counts, where null is unknown.</summary>
internal static class NullableCount
{
    /// <summary>a + b: null only when both are unknown, capped at int.MaxValue.</summary>
    public static int? Sum(int? a, int? b) => a is null && b is null ? null : (int)Math.Min(int.MaxValue, (long)(a ?? 0) + (b ?? 0));
}
