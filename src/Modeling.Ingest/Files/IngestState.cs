using System.IO.Hashing;
using Modeling.Ingest.Parsing;
using Modeling.Ingest.Pseudonyms;
using Modeling.Ingest.Staging;

namespace Modeling.Ingest.Files;

/// <summary>What later files are checked against: known teams and orgs, engineers and their roster ranges, seen ids.</summary>
internal sealed class IngestState(EngineerRegistry engineers, IStagingSink? sink)
{
    public EngineerRegistry Engineers { get; } = engineers;
    public IStagingSink? Sink { get; } = sink;
    public StringPool Text { get; } = new();
    public StringPool TeamIds { get; } = new();
    public HashSet<string> Orgs { get; } = new(StringComparer.Ordinal);
    public RosterIndex Roster { get; } = new();
    public IdIndex DeploymentIds { get; } = new();
    public bool DeploymentsPresent { get; set; }

    /// <summary>Engineers registered while reading the roster have keys below this; anyone above has no roster row.</summary>
    public int RosterEngineers { get; set; }
}

/// <summary>Roster ranges per engineer key, to ask "was this engineer on any team on that date?".</summary>
internal sealed class RosterIndex
{
    private readonly List<List<(DateOnly From, DateOnly? To)>?> _ranges = [];

    public void Add(int engineerKey, DateOnly from, DateOnly? to)
    {
        while (_ranges.Count <= engineerKey) _ranges.Add(null);
        (_ranges[engineerKey] ??= []).Add((from, to));
    }

    /// <summary>Ranges include both ends (CONTRACT §3); an open range runs to today and beyond.</summary>
    public bool IsMember(int engineerKey, DateOnly date)
    {
        if (engineerKey >= _ranges.Count || _ranges[engineerKey] is not { } ranges) return false;
        foreach (var (from, to) in ranges)
            if (date >= from && (to is null || date <= to)) return true;
        return false;
    }
}

/// <summary>
/// Ids seen so far with the line of their first use and their ordinal (0, 1, 2… in order of first use), keyed by the
/// 128-bit XxHash of the id's bytes: exact in practice (a collision among 10^7 ids has probability ~10^-25) and ~40
/// bytes per id instead of a string per id.
/// </summary>
internal sealed class IdIndex
{
    private readonly Dictionary<UInt128, (long FirstLine, int Ordinal)> _seen = [];

    public int Count => _seen.Count;

    /// <summary>Adds the id with the next ordinal; when it was seen before, returns false with its first line.</summary>
    public bool TryAdd(ReadOnlySpan<byte> id, long line, out long firstLine, out int ordinal)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_seen, XxHash128.HashToUInt128(id), out var exists);
        if (!exists) slot = (line, _seen.Count - 1);
        (firstLine, ordinal) = slot;
        return !exists;
    }

    public bool Contains(ReadOnlySpan<byte> id) => _seen.ContainsKey(XxHash128.HashToUInt128(id));

    /// <summary>The ordinal of an id seen before, or null.</summary>
    public int? Find(ReadOnlySpan<byte> id) => _seen.TryGetValue(XxHash128.HashToUInt128(id), out var seen) ? seen.Ordinal : null;
}
