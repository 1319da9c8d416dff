using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// A trained counterfactual model: the ML.NET FastTree regression of each team's outcome relative to its own level,
/// the team levels and period effects it was trained with. Predicts the outcome without AI as level × predicted ratio.
/// <see cref="Save"/> writes a zip archive with the ML.NET model (<c>mlContext.Model.Save</c>, entry
/// <see cref="ModelEntry"/>) and the levels (JSON, entry <see cref="LevelsEntry"/>); <see cref="Load"/> reads it back
/// and predicts exactly what the saved model predicted.
/// </summary>
public sealed class CounterfactualPredictor
{
    public const string ModelEntry = "mlnet_model.zip";
    public const string LevelsEntry = "counterfactual.json";
    private const string Format = "modeling.counterfactual_model/1";
    private static readonly DateTimeOffset FixedTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly MLContext _context;
    private readonly ITransformer _model;
    private readonly DataViewSchema _schema;
    private readonly Dictionary<string, double> _teamLevels;

    internal CounterfactualPredictor(MLContext context, ITransformer model, DataViewSchema schema, string outcomeName,
        IReadOnlyList<string> featureNames, IReadOnlyDictionary<string, double> teamLevels, IReadOnlyDictionary<int, double> periodEffects)
    {
        _context = context;
        _model = model;
        _schema = schema;
        OutcomeName = outcomeName;
        FeatureNames = [.. featureNames];
        _teamLevels = new Dictionary<string, double>(teamLevels, StringComparer.Ordinal);
        TeamLevels = new SortedDictionary<string, double>(_teamLevels, StringComparer.Ordinal);
        PeriodEffects = new SortedDictionary<int, double>(periodEffects.ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    public string OutcomeName { get; }
    /// <summary>The caller's feature names, in order (the model appends the period and log team level).</summary>
    public IReadOnlyList<string> FeatureNames { get; }
    /// <summary>Each team's level b_i (y ≈ b_i · p_t on its untreated rows), ordinal by team id.</summary>
    public IReadOnlyDictionary<string, double> TeamLevels { get; }
    /// <summary>Period effects p_t of the untreated rows (mean 1), by period index.</summary>
    public IReadOnlyDictionary<int, double> PeriodEffects { get; }

    /// <summary>
    /// The predicted outcome without AI for every row of <paramref name="input"/> (treated or not), or NaN for a row
    /// whose team has no level (it had no untreated row with a non-zero outcome when the model was trained).
    /// </summary>
    public double[] Predict(CounterfactualInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Validate();
        if (input.FeatureNames.Count != FeatureNames.Count)
            throw new EstimationException(CounterfactualMessages.FeatureCountMismatch(input.FeatureNames.Count, FeatureNames.Count));
        if (!input.FeatureNames.SequenceEqual(FeatureNames, StringComparer.Ordinal))
            throw new EstimationException(CounterfactualMessages.FeatureNamesMismatch(string.Join(", ", input.FeatureNames), string.Join(", ", FeatureNames)));
        var rows = new List<int>();
        var level = new double[input.Count];
        for (int i = 0; i < input.Count; i++)
        {
            level[i] = _teamLevels.TryGetValue(input.TeamIds[i], out double b) && b > 0 ? b : double.NaN;
            if (!double.IsNaN(level[i])) rows.Add(i);
        }
        var ratio = CounterfactualTrees.Score(_context, _model, rows, i => CounterfactualTrees.FeatureRow(input.Features[i], input.Periods[i], level[i]), FeatureNames.Count + 2);
        var prediction = new double[input.Count];
        Array.Fill(prediction, double.NaN);
        for (int k = 0; k < rows.Count; k++) prediction[rows[k]] = level[rows[k]] * ratio[k];
        return prediction;
    }

    /// <summary>
    /// Copies ML.NET's model zip with every entry stamped <see cref="FixedTimestamp"/> instead of the time of saving, in
    /// the same order and with the same bytes: the same model gives the same file (same inputs and seed, same outputs).
    /// </summary>
    private static void WithFixedTimestamps(Stream mlNetZip, Stream destination)
    {
        using var source = new ZipArchive(mlNetZip, ZipArchiveMode.Read, leaveOpen: true);
        using var copy = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            var target = copy.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            target.LastWriteTime = FixedTimestamp;
            using var from = entry.Open();
            using var to = target.Open();
            from.CopyTo(to);
        }
    }

    /// <summary>Writes the model (ML.NET model and levels) to <paramref name="stream"/> as a zip archive.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var modelEntry = archive.CreateEntry(ModelEntry, CompressionLevel.NoCompression);
        modelEntry.LastWriteTime = FixedTimestamp;
        using (var buffer = new MemoryStream())
        {
            _context.Model.Save(_model, _schema, buffer);
            buffer.Position = 0;
            using var entryStream = modelEntry.Open();
            WithFixedTimestamps(buffer, entryStream);
        }
        var levelsEntry = archive.CreateEntry(LevelsEntry, CompressionLevel.Optimal);
        levelsEntry.LastWriteTime = FixedTimestamp;
        using (var entryStream = levelsEntry.Open())
        using (var json = new Utf8JsonWriter(entryStream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("outcome", OutcomeName);
            json.WriteString("target", "outcome / team_level");
            json.WriteStartArray("features");
            foreach (var name in FeatureNames) json.WriteStringValue(name);
            json.WriteStringValue(CounterfactualInput.PeriodFeature);
            json.WriteStringValue(CounterfactualInput.TeamLevelFeature);
            json.WriteEndArray();
            json.WriteStartArray("team_levels");
            foreach (var (team, b) in TeamLevels)
            {
                json.WriteStartObject();
                json.WriteString("team_id", team);
                json.WriteNumber("level", b);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("period_effects");
            foreach (var (period, p) in PeriodEffects)
            {
                json.WriteStartObject();
                json.WriteNumber("period", period);
                json.WriteNumber("effect", p);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static CounterfactualPredictor Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ZipArchive archive;
        try { archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException) { throw new EstimationException(CounterfactualMessages.NotACounterfactualModel("not a zip archive")); }
        using (archive)
        {
            var modelEntry = archive.GetEntry(ModelEntry) ?? throw new EstimationException(CounterfactualMessages.NotACounterfactualModel($"no entry '{ModelEntry}'"));
            var levelsEntry = archive.GetEntry(LevelsEntry) ?? throw new EstimationException(CounterfactualMessages.NotACounterfactualModel($"no entry '{LevelsEntry}'"));
            var context = new MLContext(seed: 0);
            ITransformer model;
            DataViewSchema schema;
            using (var buffer = new MemoryStream())
            {
                using (var entryStream = modelEntry.Open()) entryStream.CopyTo(buffer);
                buffer.Position = 0;
                model = context.Model.Load(buffer, out schema);
            }
            using var levelsStream = levelsEntry.Open();
            using var document = JsonDocument.Parse(levelsStream);
            var root = document.RootElement;
            if (!root.TryGetProperty("format", out var format) || format.GetString() != Format)
                throw new EstimationException(CounterfactualMessages.NotACounterfactualModel($"format is not '{Format}'"));
            var features = root.GetProperty("features").EnumerateArray().Select(e => e.GetString()!).ToList();
            features.RemoveRange(features.Count - 2, 2);
            var levels = root.GetProperty("team_levels").EnumerateArray()
                .ToDictionary(e => e.GetProperty("team_id").GetString()!, e => e.GetProperty("level").GetDouble(), StringComparer.Ordinal);
            var periods = root.GetProperty("period_effects").EnumerateArray()
                .ToDictionary(e => e.GetProperty("period").GetInt32(), e => e.GetProperty("effect").GetDouble());
            return new CounterfactualPredictor(context, model, schema, root.GetProperty("outcome").GetString()!, features, levels, periods);
        }
    }
}

/// <summary>The ML.NET plumbing: in-memory rows → FastTree regression → scores.</summary>
internal static class CounterfactualTrees
{
    internal sealed class Row
    {
        public float Label;
        public float[] Features = [];
    }

    public static float[] FeatureRow(double[] features, int period, double level)
    {
        var row = new float[features.Length + 2];
        for (int j = 0; j < features.Length; j++) row[j] = (float)features[j];
        row[features.Length] = period;
        row[features.Length + 1] = (float)Math.Log(level);
        return row;
    }

    public static IDataView View(MLContext context, IEnumerable<Row> rows, int width)
    {
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return context.Data.LoadFromEnumerable(rows, definition);
    }

    public static (ITransformer Model, DataViewSchema Schema) Train(MLContext context, IReadOnlyList<Row> rows, int width, CounterfactualTreeOptions options, int seed)
    {
        var view = View(context, rows, width);
        var trainer = context.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            NumberOfTrees = options.NumberOfTrees,
            NumberOfLeaves = options.NumberOfLeaves,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = 1,
            Seed = seed,
            FeatureSelectionSeed = seed,
        });
        return (LearnerTraining.Run("fast_tree", () => (ITransformer)trainer.Fit(view)), view.Schema);
    }

    public static double[] Score(MLContext context, ITransformer model, IReadOnlyList<int> rows, Func<int, float[]> features, int width)
    {
        if (rows.Count == 0) return [];
        var view = View(context, rows.Select(i => new Row { Features = features(i) }), width);
        var scores = model.Transform(view).GetColumn<float>("Score").ToArray();
        return [.. scores.Select(s => (double)s)];
    }
}
