using System.Globalization;
using System.Text.Json;

namespace Modeling.Simulation.Truth;

/// <summary>Writes truth.json: fixed field order, numbers rounded to 6 decimals, no timestamps, so it is byte-stable per seed.</summary>
public static class TruthJson
{
    public static void Write(SimulationTruth truth, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var o = truth.Options;
        w.WriteStartObject();
        w.WriteNumber("schema_version", SimulationTruth.SchemaVersion);
        w.WriteString("generator", "modeling simulate");
        w.WriteString("definitions", SimulationTruth.Definitions);

        w.WriteStartObject("options");
        w.WriteNumber("teams", o.Teams);
        w.WriteNumber("months", o.Months);
        w.WriteString("start", o.StartMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        w.WriteNumber("seed", o.Seed);
        w.WriteNumber("true_multiplier", o.TrueMultiplier);
        if (o.NoEffect) w.WriteBoolean("no_effect", true); // written only when set, so organisations with effects keep their bytes
        if (o.UsageInReviews is { } policy)
        {
            w.WriteStartObject("usage_in_reviews"); // likewise
            w.WriteString("date", policy.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("scope", policy.Scope);
            w.WriteNumber("inflation", policy.Inflation);
            w.WriteEndObject();
        }
        if (o.ToolEffects.Count > 0)
        {
            w.WriteStartObject("tool_effects"); // likewise
            foreach (var t in o.ToolEffects) w.WriteNumber(t.Tool, t.Multiplier);
            w.WriteEndObject();
        }
        w.WriteNumber("mean_team_size", o.MeanTeamSize);
        w.WriteNumber("never_adopting_share", o.NeverAdoptingShare);
        w.WriteNumber("release_splitting_share", o.ReleaseSplittingShare);
        w.WriteNumber("slicing_share", o.SlicingShare);
        w.WriteString("usage_detail", o.UsageDetail == UsageDetail.Daily ? "daily" : "monthly");
        w.WriteNumber("activity_scale", o.ActivityScale);
        w.WriteNumber("move_rate", o.MoveRate);
        w.WriteNumber("leave_rate", o.LeaveRate);
        w.WriteEndObject();

        w.WriteStartObject("model");
        w.WriteNumber("steady_state_merged_prs_multiplier", o.TrueMultiplier);
        w.WriteNumber("ramp_months", EffectModel.RampMonths);
        w.WriteNumber("earliest_cohort_factor", EffectModel.EarliestCohortFactor);
        w.WriteNumber("latest_cohort_factor", EffectModel.LatestCohortFactor);
        w.WriteNumber("release_elasticity", EffectModel.ReleaseElasticity);
        w.WriteNumber("splitter_release_elasticity", EffectModel.SplitterReleaseElasticity);
        w.WriteNumber("split_extra_deployments", EffectModel.SplitExtraDeployments);
        w.WriteNumber("adoption_threshold", 0.5);
        w.WriteEndObject();

        w.WriteStartArray("periods");
        w.WriteStringValue(truth.FirstPeriod);
        w.WriteStringValue(truth.LastPeriod);
        w.WriteEndArray();
        w.WriteNumber("adopted_team_months", truth.AdoptedTeamMonths);
        w.WriteNumber("never_adopting_teams", truth.Teams.Count(t => t.AdoptionPeriod is null));

        w.WriteStartArray("release_splitting_teams");
        foreach (var t in truth.Teams.Where(t => t.ReleaseSplitting)) w.WriteStringValue(t.TeamId);
        w.WriteEndArray();
        w.WriteStartArray("slicing_teams");
        foreach (var t in truth.Teams.Where(t => t.Slicing)) w.WriteStringValue(t.TeamId);
        w.WriteEndArray();

        w.WriteStartArray("cohorts");
        foreach (var g in truth.Teams.Where(t => t.AdoptionPeriod is not null).GroupBy(t => t.AdoptionPeriod!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("period", g.Key);
            w.WriteNumber("teams", g.Count());
            w.WriteNumber("cohort_factor", Round(g.First().CohortFactor!.Value));
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("teams");
        foreach (var t in truth.Teams)
        {
            w.WriteStartObject();
            w.WriteString("team_id", t.TeamId);
            w.WriteString("org", t.Org);
            if (t.AdoptionPeriod is null) w.WriteNull("adoption_period"); else w.WriteString("adoption_period", t.AdoptionPeriod);
            if (t.CohortFactor is double k) w.WriteNumber("cohort_factor", Round(k)); else w.WriteNull("cohort_factor");
            w.WriteBoolean("release_splitting", t.ReleaseSplitting);
            w.WriteBoolean("slicing", t.Slicing);
            if (t.Tool is not null) w.WriteString("tool", t.Tool);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("effects");
        foreach (var e in truth.Effects)
        {
            w.WriteStartObject();
            w.WriteString("outcome", e.Outcome);
            w.WriteString("kind", e.PerEngineer ? "per_engineer_rate" : e.Kind switch
            {
                OutcomeKind.Count => "count",
                OutcomeKind.Rate => "rate",
                _ => "median",
            });
            WriteAggregate(w, e.Overall);
            w.WriteStartArray("by_event_time");
            foreach (var (eventTime, agg) in e.ByEventTime)
            {
                w.WriteStartObject();
                w.WriteNumber("event_time", eventTime);
                WriteAggregate(w, agg);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("by_cohort");
            foreach (var (cohort, agg) in e.ByCohort)
            {
                w.WriteStartObject();
                w.WriteString("cohort", cohort);
                WriteAggregate(w, agg);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteGroup(w, "release_splitting_teams", e.ReleaseSplittingTeams);
            WriteGroup(w, "other_adopting_teams", e.OtherAdoptingTeams);
            w.WriteStartArray("by_team");
            foreach (var (team, agg) in e.ByTeam)
            {
                w.WriteStartObject();
                w.WriteString("team_id", team);
                WriteAggregate(w, agg);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (e.ByTool.Count > 0)
            {
                w.WriteStartArray("by_tool");
                foreach (var (tool, agg) in e.ByTool)
                {
                    w.WriteStartObject();
                    w.WriteString("tool", tool);
                    WriteAggregate(w, agg);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter w, string name, TruthAggregate? agg)
    {
        if (agg is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        WriteAggregate(w, agg);
        w.WriteEndObject();
    }

    private static void WriteAggregate(Utf8JsonWriter w, TruthAggregate a)
    {
        w.WriteNumber("multiplier", Round(a.Multiplier));
        w.WriteNumber("mean_multiplier", Round(a.MeanMultiplier));
        w.WriteNumber("geometric_mean_multiplier", Round(a.GeometricMeanMultiplier));
        w.WriteNumber("expected_with_ai", Round(a.ExpectedWithAi));
        w.WriteNumber("expected_without_ai", Round(a.ExpectedWithoutAi));
        w.WriteNumber("team_months", a.TeamMonths);
    }

    private static double Round(double value) => Math.Round(value, 6, MidpointRounding.AwayFromZero);
}
