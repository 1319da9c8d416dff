using Microsoft.DotNet.Interactive.Formatting;
using Modeling.Results;
using Modeling.Estimation.BeforeAfter;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Inference;
using Modeling.Estimation.Staggered;
using Modeling.Estimation.TwoWayFixedEffects;
using Modeling.Ingest;
using Modeling.Interactive.Charting;
using Modeling.Panel;

namespace Modeling.Interactive.Display;

/// <summary>
/// Registers HTML and plain-text display formatters for the toolkit's objects with the .NET Interactive kernel, as
/// Microsoft.Data.Analysis.Interactive does for DataFrames. Call <see cref="Register"/> once per notebook, after #r.
/// </summary>
public static class ModelingFormatters
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        Add<IngestReport>(Summaries.Of);
        Add<TeamPanel>(Summaries.Of);
        Add<ResultsDocument>(Summaries.Of);
        Add<StaggeredDidResult>(Summaries.Of);
        Add<TwfeResult>(Summaries.Of);
        Add<ImputationDidResult>(Summaries.Of);
        Add<NaiveBeforeAfterResult>(Summaries.Of);
        Add<Estimation.MachineLearning.DmlResult>(EstimateSummaries.Of);
        Add<Estimation.MachineLearning.CounterfactualResult>(EstimateSummaries.Of);
        Add<ExtendedTwfeResult>(EstimateSummaries.Of);
        Add<Estimation.GoodmanBacon.BaconDecompositionResult>(EstimateSummaries.Of);
        Add<EstimateDocument>(EstimateSummaries.Of);
        Add<Multiplier>(Summaries.Of);
        Add<Effect>(Summaries.Of);
        AddTable<IEnumerable<EffectRow>>(rows => Summaries.Effects(rows));
        AddTable<IEnumerable<EventStudyRow>>(rows => Summaries.EventStudy(rows));
        AddTable<IEnumerable<MandateRow>>(rows => Summaries.Mandates(rows));
        AddTable<IEnumerable<DoseResponseRow>>(rows => Summaries.DoseResponse(rows));
        AddTable<EffectRow>(row => Summaries.Effects([row], caption: null));
        AddTable<MandateRow>(row => Summaries.Mandates([row], caption: null));
        AddTable<Table>(table => table);
        AddTable<Microsoft.Data.Analysis.DataFrame>(Summaries.Preview);
        Add<Summary>(summary => summary);
        Formatter.Register<ChartView>(chart => chart.ToHtml(), HtmlMimeType);
        Formatter.Register<ChartView>(chart => chart.ToString(), PlainTextMimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(ChartView), HtmlMimeType);
    }

    public const string HtmlMimeType = "text/html";
    public const string PlainTextMimeType = "text/plain";

    private static void Add<T>(Func<T, Summary> summarise)
    {
        Formatter.Register<T>(value => summarise(value).ToHtml(), HtmlMimeType);
        Formatter.Register<T>(value => summarise(value).ToText(), PlainTextMimeType);
    }

    private static void AddTable<T>(Func<T, Table> tabulate)
    {
        Formatter.Register<T>(value => tabulate(value).ToHtml(), HtmlMimeType);
        Formatter.Register<T>(value => tabulate(value).ToText(), PlainTextMimeType);
    }
}
