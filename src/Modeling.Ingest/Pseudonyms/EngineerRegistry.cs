using Modeling.Ingest;

namespace Modeling.Ingest.Pseudonyms;

/// <summary>
/// Dense integer keys for engineers, assigned in order of first appearance (roster first), each with its pseudonym.
/// The hash is computed once per distinct raw id; raw ids stay in memory only, as lookup keys, and are never exposed.
/// </summary>
public sealed class EngineerRegistry
{
    private readonly Pseudonymizer _pseudonymizer;
    private readonly Dictionary<byte[], int> _byRawId = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly List<string> _pseudonyms = [];

    public EngineerRegistry(Pseudonymizer pseudonymizer)
    {
        _pseudonymizer = pseudonymizer;
        _lookup = _byRawId.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Number of distinct engineers seen.</summary>
    public int Count => _pseudonyms.Count;

    /// <summary>Pseudonyms by key (index = engineer_key).</summary>
    public IReadOnlyList<string> Pseudonyms => _pseudonyms;

    /// <summary>The key of a raw id, registering it when new.</summary>
    public int KeyOf(ReadOnlySpan<byte> rawId)
    {
        if (_lookup.TryGetValue(rawId, out var key)) return key;
        key = _pseudonyms.Count;
        _pseudonyms.Add(_pseudonymizer.Pseudonymize(rawId));
        _byRawId.Add(rawId.ToArray(), key);
        return key;
    }

    /// <summary>The key of a raw id already registered, or -1.</summary>
    public int Find(ReadOnlySpan<byte> rawId) => _lookup.TryGetValue(rawId, out var key) ? key : -1;

    public string PseudonymOf(int key) => _pseudonyms[key];

    /// <summary>The pseudonym of a raw id without registering it (for values in diagnostics).</summary>
    public string PseudonymFor(ReadOnlySpan<byte> rawId) =>
        _lookup.TryGetValue(rawId, out var key) ? _pseudonyms[key] : _pseudonymizer.Pseudonymize(rawId);
}
