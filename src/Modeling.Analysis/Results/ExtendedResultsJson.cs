using System.Text.Json;

namespace Modeling.Analysis.Results;

/// <summary>Writes the issue-5 blocks of results.json (/tmp/RESULTS_EXT.md) in a fixed order, numbers as <see cref="ResultsJson"/>.</summary>
internal static class ExtendedResultsJson
{
    public static void Write(Utf8JsonWriter w, AnalysisResult r)
    {
        w.WriteStartArray("dose_response");
        foreach (var d in r.DoseResponse)
        {
            w.WriteStartObject();
            w.WriteString("outcome", d.Outcome);
            w.WriteString("treatment", d.Treatment);
            Number(w, "adoption", d.Adoption);
            Number(w, "multiplier", d.Multiplier);
            Number(w, "ci_low", d.CiLow);
            Number(w, "ci_high", d.CiHigh);
            w.WriteBoolean("extrapolation", d.Extrapolation);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        if (r.DoseRange is { } range)
        {
            w.WriteStartObject("dose_range");
            w.WriteString("treatment", range.Treatment);
            Number(w, "min", range.Min);
            Number(w, "max", range.Max);
            w.WriteEndObject();
        }
        else w.WriteNull("dose_range");

        w.WriteStartArray("heterogeneity");
        foreach (var h in r.Heterogeneity)
        {
            w.WriteStartObject();
            w.WriteString("outcome", h.Outcome);
            w.WriteString("dimension", h.Dimension);
            w.WriteString("group", h.Group);
            Number(w, "multiplier", h.Multiplier);
            Number(w, "ci_low", h.CiLow);
            Number(w, "ci_high", h.CiHigh);
            w.WriteNumber("n_teams", h.NTeams);
            Number(w, "engineers", h.Engineers);
            w.WriteBoolean("suppressed", h.Suppressed);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("refutations");
        foreach (var f in r.Refutations)
        {
            w.WriteStartObject();
            w.WriteString("outcome", f.Outcome);
            w.WriteString("test", f.Test);
            w.WriteString("parameter", f.Parameter);
            Number(w, "multiplier", f.Multiplier);
            Number(w, "ci_low", f.CiLow);
            Number(w, "ci_high", f.CiHigh);
            Number(w, "p_value", f.PValue);
            Number(w, "value", f.Value);
            if (f.Passed is bool passed) w.WriteBoolean("passed", passed);
            else w.WriteNull("passed");
            w.WriteString("detail", f.Detail);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("goodhart_flags");
        foreach (var g in r.GoodhartFlags)
        {
            w.WriteStartObject();
            w.WriteString("flag", g.Flag);
            w.WriteString("scope", g.Scope);
            w.WriteNumber("teams_flagged", g.TeamsFlagged);
            w.WriteNumber("teams_checked", g.TeamsChecked);
            w.WriteStartArray("team_ids");
            foreach (var id in g.TeamIds) w.WriteStringValue(id);
            w.WriteEndArray();
            w.WriteString("evidence", g.Evidence);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("counterfactual_model");
        foreach (var c in r.CounterfactualModels)
        {
            w.WriteStartObject();
            w.WriteString("outcome", c.Outcome);
            w.WriteString("model_file", c.ModelFile);
            Number(w, "cv_r2", c.CvR2);
            Number(w, "cv_mape", c.CvMape);
            w.WriteNumber("cv_folds", c.CvFolds);
            w.WriteNumber("training_rows", c.TrainingRows);
            w.WriteStartArray("per_team");
            foreach (var t in c.PerTeam)
            {
                w.WriteStartObject();
                w.WriteString("team_id", t.TeamId);
                Number(w, "multiplier", t.Multiplier);
                Number(w, "ci_low", t.CiLow);
                Number(w, "ci_high", t.CiHigh);
                Number(w, "engineers", t.Engineers);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("suppressed_teams", c.SuppressedTeams);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value) => ResultsJson.Number(w, name, value);
}
