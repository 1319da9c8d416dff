namespace Modeling.Ingest.Pseudonyms;

/// <summary>
/// The aliases of identities.csv (emails, logins, identity-centre ids a vendor export uses) → the roster engineer's key.
/// Raw aliases stay in memory only, as lookup keys; filled on one thread while identities.csv is read, then only read
/// (from several threads).
/// </summary>
internal sealed class IdentityMap
{
    private readonly Dictionary<byte[], (int Key, long Line)> _byAlias = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], (int Key, long Line)>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public IdentityMap() => _lookup = _byAlias.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _byAlias.Count;

    /// <summary>Maps <paramref name="alias"/> to <paramref name="key"/>; false when it already maps to another engineer
    /// (<paramref name="firstLine"/> is then where). Mapping it again to the same engineer is a harmless repeat.</summary>
    public bool TryAdd(ReadOnlySpan<byte> alias, int key, long line, out long firstLine)
    {
        if (_lookup.TryGetValue(alias, out var existing))
        {
            firstLine = existing.Line;
            return existing.Key == key;
        }
        _byAlias.Add(alias.ToArray(), (key, line));
        firstLine = line;
        return true;
    }

    /// <summary>The engineer key an alias maps to, or -1.</summary>
    public int Find(ReadOnlySpan<byte> alias) => _byAlias.Count > 0 && _lookup.TryGetValue(alias, out var found) ? found.Key : -1;
}
