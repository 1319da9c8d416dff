namespace Modeling.Ingest.Files;

/// <summary>
/// policies.csv: dated policies whose effect on outcomes and on usage is estimated. The kind is one of
/// <c>restrict_tool:&lt;tool&gt;</c>, <c>require_tool:&lt;tool&gt;</c>, <c>usage_in_reviews</c> or <c>other</c>; the
/// scope as a mandate's. A policy id seen again is rejected (the first row stays).
/// </summary>
internal sealed class PoliciesReader(IngestState state) : TableReader<PoliciesReader.Row>(state)
{
    private const int PolicyId = 0, Date = 1, Scope = 2, Kind = 3, Description = 4;
    private readonly IdIndex _ids = new();
    public override TableSchema Schema => Schemas.Policies;

    internal readonly record struct Row(PolicyInput? Policy);

    public override Row Check(RowChecker c)
    {
        var idOk = c.RequiredBytes(PolicyId, out var id);
        var dateOk = c.RequiredDate(Date, out var date);
        var scopeOk = c.RequiredBytes(Scope, out var scope) && CheckScope(c, Scope, scope);
        var (kind, tool) = CheckKind(c);
        var description = c.OptionalUniqueText(Description);
        if (!idOk || !dateOk || !scopeOk || kind is null) return default;
        return new Row(new PolicyInput(Text(id), date, Text(scope), kind, tool, description));
    }

    public override void Accept(RowChecker c, in Row row)
    {
        if (CheckNew(c, _ids, PolicyId) && row.Policy is { } policy) State.Policies.Add(policy);
    }

    private static (string? Kind, string? Tool) CheckKind(RowChecker c)
    {
        if (!c.RequiredBytes(Kind, out var raw)) return (null, null);
        var text = Text(raw);
        if (text is "usage_in_reviews" or "other") return (text, null);
        foreach (var prefix in new[] { "restrict_tool:", "require_tool:" })
            if (text.StartsWith(prefix, StringComparison.Ordinal) && text.Length > prefix.Length && !string.IsNullOrWhiteSpace(text[prefix.Length..]))
                return (prefix[..^1], text[prefix.Length..]);
        c.Reject(Kind, raw, Messages.ExpectPolicyKind, Diagnostics.Rules.InvalidValue);
        return (null, null);
    }
}
