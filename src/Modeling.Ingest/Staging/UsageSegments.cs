using System.Runtime.InteropServices;

namespace Modeling.Ingest.Staging;

/// <summary>
/// How finely AI-usage rows are summed before staging. Telemetry is the largest input by far (~30 M rows for a
/// 2,100-team organisation); the panel only needs sums per engineer, tool, model and period, split wherever the
/// engineer's team memberships change. Summing while reading stages ~20× fewer rows than staging every raw row.
/// </summary>
public enum UsageGrain
{
    /// <summary>One segment per engineer, day, tool and model (exact for any period unit).</summary>
    Day,

    /// <summary>Segments never cross an ISO week (Monday–Sunday) or a roster boundary of the engineer.</summary>
    Week,

    /// <summary>Segments never cross a calendar month or a roster boundary of the engineer.</summary>
    Month,
}

/// <summary>
/// Sums AI-usage rows into <c>ai_usage_segments</c> rows: per engineer, tool and model, over runs of days that stay
/// inside one period of the grain and inside one stretch of constant roster membership. Within a segment every day
/// belongs to the same period and the same teams, so a panel of that period unit computed from the segments equals
/// the panel computed from the raw rows (the panel joins a segment on its first day).
/// Roster rows must be added before usage rows (Ingest reads the roster first).
/// </summary>
internal sealed class UsageSegmenter(UsageGrain grain)
{
    private readonly Dictionary<int, List<DateOnly>> _boundaries = [];
    private readonly Dictionary<SegmentKey, int> _index = [];
    private readonly List<SegmentKey> _keys = [];
    private readonly List<SegmentSums> _sums = [];
    private readonly Dictionary<string, int> _toolIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _modelIds = new(StringComparer.Ordinal);
    private readonly List<string> _tools = [];
    private readonly List<string?> _models = [null];
    private const int RecentSize = 64;
    private readonly (SegmentKey Key, int Slot)[] _recent = new (SegmentKey, int)[RecentSize]; // Slot = index + 1; 0 = empty
    private (int Engineer, DateOnly Day, int Start) _lastStart = (-1, default, 0);

    public UsageGrain Grain { get; } = grain;

    public int Count => _keys.Count;

    /// <summary>A roster row: its first day and the day after its last are days on which membership may change.</summary>
    public void AddRoster(int engineerKey, DateOnly validFrom, DateOnly? validTo)
    {
        if (!_boundaries.TryGetValue(engineerKey, out var days)) _boundaries[engineerKey] = days = [];
        days.Add(validFrom);
        if (validTo is { } to && to < DateOnly.MaxValue) days.Add(to.AddDays(1));
    }

    public void Add(in AiUsageRow row)
    {
        var key = new SegmentKey(row.EngineerKey, SegmentStart(row.EngineerKey, row.Date), ToolId(row.Tool), ModelId(row.Model));
        // A usage export lists an engineer's days together, so a row usually adds to one of the few segments touched
        // just before: a small direct-mapped cache of them spares most lookups in the (large) index.
        ref var recent = ref _recent[(key.Tool * 31 + key.Model) & (RecentSize - 1)];
        int slot;
        if (recent.Slot > 0 && recent.Key == key) slot = recent.Slot - 1;
        else
        {
            ref var indexed = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out var exists);
            if (!exists)
            {
                indexed = _keys.Count;
                _keys.Add(key);
                _sums.Add(new SegmentSums(row.Date.DayNumber));
            }
            slot = indexed;
            recent = (key, slot + 1);
        }
        CollectionsMarshal.AsSpan(_sums)[slot].Add(row);
    }

    /// <summary>The segments in the order they were first met: the order of the input, hence the same in every run.</summary>
    public IEnumerable<UsageSegmentRow> Rows()
    {
        for (var i = 0; i < _keys.Count; i++)
        {
            var k = _keys[i];
            var s = _sums[i];
            yield return new UsageSegmentRow(k.EngineerKey, DateOnly.FromDayNumber(s.FirstDay), DateOnly.FromDayNumber(s.LastDay),
                _tools[k.Tool], _models[k.Model], s.Rows, s.Interactions,
                s.PairedRows > 0 ? s.PairedSuggestions : null, s.PairedRows > 0 ? s.PairedAcceptances : null, s.AgentInteractions);
        }
    }

    /// <summary>Forgets the segments once staged (the roster boundaries stay).</summary>
    public void Clear()
    {
        Array.Clear(_recent);
        _index.Clear();
        _keys.Clear();
        _sums.Clear();
    }

    /// <summary>The first day (day number) of the segment holding this engineer's day.</summary>
    private int SegmentStart(int engineerKey, DateOnly day)
    {
        if (_lastStart.Engineer == engineerKey && _lastStart.Day == day) return _lastStart.Start;
        var start = PeriodStart(day);
        if (Grain != UsageGrain.Day && _boundaries.TryGetValue(engineerKey, out var boundaries))
            foreach (var b in boundaries)
                if (b > start && b <= day) start = b;
        _lastStart = (engineerKey, day, start.DayNumber);
        return start.DayNumber;
    }

    private DateOnly PeriodStart(DateOnly day) => Grain switch
    {
        UsageGrain.Month => day.AddDays(1 - day.Day),
        UsageGrain.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => day,
    };

    private int ToolId(string tool)
    {
        // A few tools only: comparing with each is cheaper than hashing (each reading thread pools its own strings,
        // so the same tool may come as different instances: compare values, not references).
        for (var i = 0; i < _tools.Count && i < 16; i++)
            if (string.Equals(_tools[i], tool, StringComparison.Ordinal)) return i;
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_toolIds, tool, out var exists);
        if (!exists)
        {
            id = _tools.Count;
            _tools.Add(tool);
        }
        return id;
    }

    private int ModelId(string? model)
    {
        if (model is null) return 0;
        for (var i = 1; i < _models.Count && i < 32; i++)
            if (string.Equals(_models[i], model, StringComparison.Ordinal)) return i;
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_modelIds, model, out var exists);
        if (!exists)
        {
            id = _models.Count;
            _models.Add(model);
        }
        return id;
    }

    private readonly record struct SegmentKey(int EngineerKey, int StartDay, int Tool, int Model);

    private struct SegmentSums(int firstDay)
    {
        public int FirstDay = firstDay;
        public int LastDay = firstDay;
        public long Rows;
        public long Interactions;
        public long PairedRows;
        public long PairedSuggestions;
        public long PairedAcceptances;
        public long AgentInteractions;

        // Suggestions and acceptances are summed only over rows where both are known, so that their ratio is a
        // ratio of sums over the same rows (CONTRACT §3, ai_acceptance_rate).
        public void Add(in AiUsageRow row)
        {
            int day = row.Date.DayNumber;
            if (day < FirstDay) FirstDay = day;
            if (day > LastDay) LastDay = day;
            Rows++;
            Interactions += row.Interactions;
            if (row.Suggestions is { } s && row.Acceptances is { } a)
            {
                PairedRows++;
                PairedSuggestions += s;
                PairedAcceptances += a;
            }
            if (row.Feature == "agent") AgentInteractions += row.Interactions;
        }
    }
}

/// <summary>One row of <c>ai_usage_segments</c>.</summary>
public readonly record struct UsageSegmentRow(
    int EngineerKey, DateOnly FirstDay, DateOnly LastDay, string Tool, string? Model, long Rows, long Interactions,
    long? PairedSuggestions, long? PairedAcceptances, long AgentInteractions);
