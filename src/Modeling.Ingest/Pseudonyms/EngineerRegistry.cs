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

    /// <summary>The pseudonymizer of this registry (thread-safe, unlike the registry).</summary>
    public Pseudonymizer Pseudonymizer => _pseudonymizer;

    /// <summary>Number of distinct engineers seen.</summary>
    public int Count => _pseudonyms.Count;

    /// <summary>Pseudonyms by key (index = engineer_key).</summary>
    public IReadOnlyList<string> Pseudonyms => _pseudonyms;

    /// <summary>The key of a raw id, registering it when new.</summary>
    public int KeyOf(ReadOnlySpan<byte> rawId)
    {
        // Exports list an engineer's rows together (usage by engineer and day, PRs by team): comparing with the previous
        // id is cheaper than hashing it.
        if (_lastKey >= 0 && rawId.SequenceEqual(_lastRawId)) return _lastKey;
        if (!_lookup.TryGetValue(rawId, out var stored, out var key))
        {
            key = _pseudonyms.Count;
            _pseudonyms.Add(_pseudonymizer.Pseudonymize(rawId));
            stored = rawId.ToArray();
            _byRawId.Add(stored, key);
        }
        _lastRawId = stored;
        _lastKey = key;
        return key;
    }

    private byte[] _lastRawId = [];
    private int _lastKey = -1;

    /// <summary>A copy of the keys registered so far, for lookups on other threads while this registry grows.</summary>
    internal EngineerLookup Snapshot() => new(new Dictionary<byte[], int>(_byRawId, ByteArrayComparer.Instance));

    /// <summary>The key of a raw id already registered, or -1.</summary>
    public int Find(ReadOnlySpan<byte> rawId) => _lookup.TryGetValue(rawId, out var key) ? key : -1;

    public string PseudonymOf(int key) => _pseudonyms[key];

    /// <summary>The pseudonym of a raw id without registering it (for values in diagnostics).</summary>
    public string PseudonymFor(ReadOnlySpan<byte> rawId) =>
        _lookup.TryGetValue(rawId, out var key) ? _pseudonyms[key] : _pseudonymizer.Pseudonymize(rawId);
}

/// <summary>A fixed set of engineer keys by raw id (see <see cref="EngineerRegistry.Snapshot"/>); safe to read from several threads.</summary>
internal sealed class EngineerLookup
{
    public static readonly EngineerLookup Empty = new(new Dictionary<byte[], int>(ByteArrayComparer.Instance));
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public EngineerLookup(Dictionary<byte[], int> byRawId) => _lookup = byRawId.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The key of a raw id, or -1.</summary>
    public int Find(ReadOnlySpan<byte> rawId) => _lookup.TryGetValue(rawId, out var key) ? key : -1;
}
