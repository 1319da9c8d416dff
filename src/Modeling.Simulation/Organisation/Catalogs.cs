namespace Modeling.Simulation.Organisation;

/// <summary>Fixed word lists for names and logins; ordinal, culture-free.</summary>
internal static class Catalogs
{
    public static readonly string[] FirstNames =
    [
        "anna", "ben", "carla", "david", "emma", "farid", "grace", "hugo", "ines", "jon", "kira", "liam", "maria", "noah",
        "olga", "pavel", "quinn", "rosa", "sam", "tara", "umar", "vera", "wei", "xena", "yusuf", "zoe", "aiko", "bruno",
        "chloe", "diego", "elif", "femi", "gita", "hana", "ivan", "jana", "kofi", "lena", "mateo", "nia",
    ];

    public static readonly string[] Surnames =
    [
        "smith", "garcia", "mueller", "rossi", "nowak", "kim", "chen", "patel", "silva", "jones", "brown", "martin",
        "dubois", "novak", "ivanova", "tanaka", "sato", "nguyen", "khan", "ali", "cohen", "larsen", "berg", "fischer",
        "weber", "lopez", "santos", "okafor", "mensah", "haddad", "yilmaz", "kowalski", "horvat", "popescu", "papadopoulos",
        "murphy", "walsh", "svensson", "virtanen", "hansen", "doe", "park", "singh", "das", "costa", "moreau",
    ];

    public static readonly string[] Orgs =
    [
        "payments", "platform", "growth", "data", "mobile", "search", "identity", "commerce", "infra", "security",
        "ads", "messaging", "media", "analytics", "devex", "logistics", "billing", "support", "marketplace", "ml",
    ];

    public static readonly string[] TeamNouns =
    [
        "core", "api", "web", "checkout", "ledger", "gateway", "edge", "ingest", "pipeline", "ranking", "accounts",
        "notifications", "catalog", "pricing", "orders", "fraud", "storage", "compute", "observability", "tooling",
        "onboarding", "experiments", "reporting", "sync", "auth", "routing", "inventory", "recommendations", "billing", "ios",
    ];

    public static readonly string[] Languages = ["java", "go", "python", "typescript", "kotlin", "csharp", "rust", "ruby", "swift", "scala"];

    public static readonly string[] Levels = ["L3", "L4", "L5", "L6", "L7"];

    /// <summary>Cumulative weights of <see cref="Levels"/>.</summary>
    public static readonly double[] LevelWeights = [0.2, 0.3, 0.3, 0.15, 0.05];

    /// <summary>
    /// A few UTC offsets (minutes) used by exporters besides Z. A timestamp is written with an offset only when its
    /// local date equals its UTC date, so every reading of "the date of an event" agrees.
    /// </summary>
    public static readonly int[] Offsets = [60, 120, -300, 330, -480, 540];

    public static readonly double[] SeasonalityByCalendarMonth =
        [0.97, 1.0, 1.02, 1.0, 1.01, 0.98, 0.92, 0.88, 1.02, 1.03, 1.0, 0.82];

    /// <summary>Log growth of per-engineer output per month (the common time trend).</summary>
    public const double MonthlyTrend = 0.008;
}

/// <summary>One kind of AI usage telemetry row: a tool, a model and a feature, with its typical intensity.</summary>
internal sealed record UsageKind(string Tool, string Model, string Feature, double Weight, double MeanInteractions,
    double SuggestionsPerInteraction, double AcceptanceRate, double LinesPerSuggestion, bool HasAgentSessions)
{
    public static readonly UsageKind[] All =
    [
        new("copilot", "gpt-4.1", "completion", 10, 25, 1.6, 0.3, 3, false),
        new("copilot", "gpt-4o", "chat", 5, 6, 0.8, 0.45, 12, false),
        new("copilot", "claude-sonnet-4", "chat", 4, 5, 0.8, 0.45, 14, false),
        new("copilot", "claude-sonnet-4", "agent", 4, 3, 1.2, 0.6, 40, true),
        new("copilot", "gpt-4.1", "review", 3, 2, 2.0, 0.35, 4, false),
        new("cursor", "claude-sonnet-4", "agent", 4, 4, 1.3, 0.6, 45, true),
        new("cursor", "cursor-small", "completion", 4, 30, 1.5, 0.32, 3, false),
        new("cursor", "gpt-4.1", "chat", 2, 5, 0.8, 0.4, 12, false),
        new("claude-code", "claude-sonnet-4", "cli", 3, 4, 1.5, 0.7, 50, true),
        new("claude-code", "claude-opus-4", "agent", 1, 3, 1.5, 0.65, 60, true),
        new("chatgpt", "gpt-4o", "chat", 3, 6, 0.5, 0.3, 15, false),
        new("chatgpt", "o3", "chat", 1, 3, 0.5, 0.3, 20, false),
        new("codex", "gpt-5", "cli", 1, 3, 1.4, 0.6, 40, true),
        new("gemini", "gemini-2.5-pro", "other", 1, 3, 0.6, 0.3, 10, false),
    ];
}
