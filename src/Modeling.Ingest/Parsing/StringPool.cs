using System.Text;

namespace Modeling.Ingest.Parsing;

/// <summary>Interns short repeated texts (team ids, tools, models, services) straight from bytes: one string per distinct value.</summary>
internal sealed class StringPool
{
    private readonly Dictionary<byte[], string> _strings = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _strings.Count;

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (_lookup.TryGetValue(utf8, out var s)) return s;
        s = Encoding.UTF8.GetString(utf8);
        _strings.Add(utf8.ToArray(), s);
        return s;
    }

    /// <summary>The interned string if this value was added before, else null.</summary>
    public string? Find(ReadOnlySpan<byte> utf8) => _lookup.TryGetValue(utf8, out var s) ? s : null;

    public bool Contains(string value) => _lookup.ContainsKey(Encoding.UTF8.GetBytes(value));
}
