using Modeling.Ingest.Diagnostics;

namespace Modeling.Ingest.Files;

/// <summary>
/// identities.csv: each alias (an email, login or identity-centre id a vendor export uses) of a roster engineer. An alias
/// given to two engineers, or equal to another engineer's roster id, would put one person's usage on another's team: the
/// later row is rejected. Engineers named here but absent from the roster are kept and counted in one note.
/// </summary>
internal sealed class IdentitiesReader(IngestState state) : TableReader<IdentitiesReader.Row>(state)
{
    private const int EngineerId = 0, Kind = 1, Alias = 2;
    private readonly HashSet<int> _offRoster = [];
    public override TableSchema Schema => Schemas.Identities;

    internal readonly record struct Row(string Kind);

    public override Row Check(RowChecker c)
    {
        c.RequiredBytes(EngineerId, out _);
        c.RequiredEnum(Kind, Messages.IdentityKinds, out var kind);
        c.RequiredBytes(Alias, out _);
        return new Row(kind);
    }

    public override void Accept(RowChecker c, in Row row)
    {
        var alias = c.Raw(Alias);
        var existing = State.Engineers.Find(c.Raw(EngineerId));
        var other = State.Engineers.Find(alias);
        if (other >= 0 && other < State.RosterEngineers && other != existing)
        {
            c.Reject(Alias, alias, Messages.ExpectAliasNotAnotherEngineer, Rules.AliasConflict);
            return;
        }
        var key = existing >= 0 ? existing : State.Engineers.KeyOf(c.Raw(EngineerId));
        if (!State.Identities.TryAdd(alias, key, c.Line, out var firstLine))
        {
            c.Reject(Alias, alias, Messages.ExpectAliasOfOneEngineer(firstLine), Rules.AliasConflict);
            return;
        }
        if (key >= State.RosterEngineers) _offRoster.Add(key);
    }

    public override void Complete(string file, Action<Diagnostic> report)
    {
        if (_offRoster.Count > 0)
            report(new Diagnostic(file, 0, "engineer_id", Messages.FoundIdentitiesOffRoster(_offRoster.Count), Messages.ExpectIdentitiesOnRoster,
                Severity.Note, Rules.EngineersNotInRoster));
    }
}
