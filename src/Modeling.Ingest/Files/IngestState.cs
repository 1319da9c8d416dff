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
    /// <summary>Aliases from identities.csv; complete (and only read) once the files that name engineers are read.</summary>
    public IdentityMap Identities { get; } = new();
    public IdIndex DeploymentIds { get; } = new();
    public bool DeploymentsPresent { get; set; }

    /// <summary>Rejected mandate rows that name a mandate (see <see cref="IngestReport.UncheckedMandates"/>), in file order.</summary>
    public List<UncheckedMandate> UncheckedMandates { get; } = [];
    public List<PolicyInput> Policies { get; } = [];
    /// <summary>Engineers given memberships after roster.csv (Copilot user-teams reports): on the roster too.</summary>
    public HashSet<int> ExtraRosterEngineers { get; } = [];

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
/// Ids seen so far with the line of their first use and their ordinal (0, 1, 2… in order of first use). An id is held
/// as 96 bits of its XxHash128, exact in practice (a collision among 10^7 ids has probability ~10^-15), in an
/// open-addressing table of 16-byte slots: written by hand because a Dictionary&lt;UInt128, …&gt; costs two cache misses
/// and 40 bytes per id, and at 5 M pull-request ids its lookups were an eighth of the whole ingest.
/// </summary>
internal sealed class IdIndex
{
    private const double MaxLoad = 0.7;
    private Slot[] _slots = new Slot[1024];
    private long[] _firstLines = new long[256];

    public int Count { get; private set; }

    /// <summary>The hash an id is known by (computed on any thread, see <see cref="TryAdd(UInt128, long, out long, out int)"/>).</summary>
    public static UInt128 Hash(ReadOnlySpan<byte> id) => XxHash128.HashToUInt128(id);

    /// <summary>Adds the id with the next ordinal; when it was seen before, returns false with its first line and ordinal.</summary>
    public bool TryAdd(ReadOnlySpan<byte> id, long line, out long firstLine, out int ordinal) => TryAdd(Hash(id), line, out firstLine, out ordinal);

    /// <summary>Adds the id of this <see cref="Hash"/> with the next ordinal; when seen before, returns false with its first line and ordinal.</summary>
    public bool TryAdd(UInt128 idHash, long line, out long firstLine, out int ordinal)
    {
        var (low, high) = Fingerprint(idHash);
        var i = Probe(_slots, low, high);
        if (_slots[i].Ordinal1 != 0)
        {
            ordinal = (int)(_slots[i].Ordinal1 - 1);
            firstLine = _firstLines[ordinal];
            return false;
        }
        ordinal = Count++;
        _slots[i] = new Slot(low, high, (uint)ordinal + 1);
        if (ordinal == _firstLines.Length) Array.Resize(ref _firstLines, _firstLines.Length * 2);
        _firstLines[ordinal] = line;
        firstLine = line;
        if (Count > _slots.Length * MaxLoad) Grow();
        return true;
    }

    /// <summary>The ordinal of an id seen before, or null.</summary>
    public int? Find(ReadOnlySpan<byte> id)
    {
        var (low, high) = Fingerprint(Hash(id));
        var slot = _slots[Probe(_slots, low, high)];
        return slot.Ordinal1 == 0 ? null : (int)(slot.Ordinal1 - 1);
    }

    /// <summary>The 96 bits of the hash that are kept: 64 low (they also place the slot) and 32 more.</summary>
    private static (ulong Low, uint High) Fingerprint(UInt128 hash) => ((ulong)hash, (uint)(hash >> 64));

    /// <summary>The slot holding the fingerprint, or the empty slot where it belongs (linear probing).</summary>
    private static int Probe(Slot[] slots, ulong low, uint high)
    {
        var mask = slots.Length - 1;
        var i = (int)(low & (ulong)mask);
        while (slots[i].Ordinal1 != 0 && (slots[i].Low != low || slots[i].High != high)) i = (i + 1) & mask;
        return i;
    }

    private void Grow()
    {
        var bigger = new Slot[_slots.Length * 2];
        foreach (var slot in _slots)
            if (slot.Ordinal1 != 0) bigger[Probe(bigger, slot.Low, slot.High)] = slot;
        _slots = bigger;
    }

    private readonly record struct Slot(ulong Low, uint High, uint Ordinal1);
}
