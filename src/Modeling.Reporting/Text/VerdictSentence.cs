using System.Globalization;
using Modeling.Results;

namespace Modeling.Reporting.Text;

/// <summary>
/// One plain sentence per mandate in the verdicts' vocabulary (CONTRACT §4), for a reader with 30 seconds: what the
/// target is against what the data show, and how far the answer survives adopting teams that were drifting apart
/// (the Rambachan–Roth interval the verdict was judged on), with no estimator names or p-values.
/// </summary>
public static class VerdictSentence
{
    public static string For(MandateRow m, string periodUnit)
    {
        ArgumentNullException.ThrowIfNull(m);
        string target = Format.Target(m.TargetMultiplier);
        string shown = $"{Format.Multiplier(m.Estimate)} ({Format.Decimal(m.CiLow)}–{Format.Decimal(m.CiHigh)})";
        string? drift = m.SensitivityMbar is { } mbar
            ? (mbar == 1 ? "as much as" : mbar.ToString("0.##", CultureInfo.InvariantCulture) + " times as much as") + $" in the worst {periodUnit} before adoption"
            : null;
        switch (m.Verdict)
        {
            case "not_supported":
                return $"{target} is ruled out: the data show {shown}"
                    + (drift is not null && m.SensitivityCiHigh is { } high ? $"; even if adopting teams had been drifting apart {drift}, the most the data allow is {Format.Multiplier(high)}" : "")
                    + ".";
            case "supported":
                return $"{target} is reached: the data show {shown}"
                    + (drift is not null && m.SensitivityCiLow is { } low ? $"; even if adopting teams had been drifting apart {drift}, the least the data allow is {Format.Multiplier(low)}" : "")
                    + ".";
            default:
                if (m.CiLow is null || m.CiHigh is null)
                    return $"The data cannot judge {target}: {m.Reason ?? "there is no valid interval"}.";
                double low2 = m.SensitivityCiLow ?? m.CiLow.Value, high2 = m.SensitivityCiHigh ?? m.CiHigh.Value;
                return $"The data can't tell whether {target} is reached: they allow anywhere from {Format.Multiplier(low2)} to {Format.Multiplier(high2)}"
                    + (drift is not null ? $" once adopting teams may have drifted apart {drift}" : "") + ".";
        }
    }
}
