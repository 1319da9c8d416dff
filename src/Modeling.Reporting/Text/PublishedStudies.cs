namespace Modeling.Reporting.Text;

/// <summary>One published measurement of what AI coding tools do to software work, with its source.</summary>
/// <param name="Study">Authors and year.</param>
/// <param name="Setting">Who was measured, how.</param>
/// <param name="Finding">What they found, in words.</param>
/// <param name="Multiplier">The finding as a multiplier on its own measure (null when it is not one number).</param>
/// <param name="CiLow">Lower end of its 95% interval, when published.</param>
/// <param name="CiHigh">Upper end of its 95% interval, when published.</param>
/// <param name="Measure">What the multiplier multiplies.</param>
/// <param name="Source">Title and venue.</param>
/// <param name="Url">Where to read it.</param>
public sealed record PublishedStudy(string Study, string Setting, string Finding, double? Multiplier, double? CiLow, double? CiHigh,
    string Measure, string Source, string Url);

/// <summary>
/// What others measured, kept here as cited data (one place, not strings scattered through the report): the context a
/// reader needs to judge a 3× or 10× target against the effects actually measured elsewhere.
/// </summary>
public static class PublishedStudies
{
    public static readonly IReadOnlyList<PublishedStudy> All =
    [
        new("Cui, Demirer, Jaffe, Musolff, Peng & Salz (2025)",
            "Randomised access to GitHub Copilot at Microsoft, Accenture and a Fortune 100 company (4,867 developers)",
            "+26% completed tasks (pull requests) per week, standard error 10 percentage points",
            1.26, 1.26 - 1.96 * 0.10, 1.26 + 1.96 * 0.10, "completed tasks",
            "The Effects of Generative AI on High-Skilled Work: Evidence from Three Field Experiments with Software Developers",
            "https://papers.ssrn.com/sol3/papers.cfm?abstract_id=4945566"),
        new("Becker, Rush, Barnes & Rein (METR, 2025)",
            "Randomised trial: 16 experienced open-source developers, 246 tasks with AI tools allowed or not",
            "tasks with AI allowed took 19% longer, although the developers expected to be about a quarter faster",
            1 / 1.19, null, null, "speed (1 ÷ task time)",
            "Measuring the Impact of Early-2025 AI on Experienced Open-Source Developer Productivity, arXiv 2507.09089",
            "https://arxiv.org/abs/2507.09089"),
        new("DORA (Google Cloud, 2024)",
            "Survey of software professionals, association across teams",
            "each 25% more AI adoption went with 1.5% less delivery throughput and 7.2% less delivery stability",
            null, null, null, "",
            "Accelerate State of DevOps Report 2024",
            "https://dora.dev/research/2024/dora-report/"),
        new("He, Miller, Agarwal, Kästner & Vasilescu (2025)",
            "Difference-in-differences on open-source projects that adopted the Cursor editor, against matched projects",
            "a transient burst of development velocity after adoption, and a persistent rise of about 30% in static-analysis warnings",
            1.30, null, null, "static-analysis warnings (quality: higher is worse)",
            "Does AI-assisted coding deliver? A difference-in-differences study of Cursor's impact on software projects, arXiv 2511.04427",
            "https://arxiv.org/abs/2511.04427"),
    ];
}
