using Modeling.Ingest.Diagnostics;

namespace Modeling.Ingest.Vendors;

/// <summary>What <see cref="UserDays.Register"/> found: a new user-day, or where it was first seen and whether with the same rows.</summary>
internal readonly record struct UserDaySeen(bool IsNew, bool IsIdentical, string FirstFile, long FirstLine);

/// <summary>
/// The engineer-days a vendor's exports have given so far, each with a fingerprint of its rows. Vendors' exports overlap
/// (a 1-day report inside a 28-day one, a day exported twice): a repeat with the same rows is one user-day, a repeat with
/// other rows a conflict.
/// </summary>
internal sealed class UserDays
{
    private readonly Dictionary<long, (string File, long Line, ulong Fingerprint)> _seen = [];
    private long _identical;

    public UserDaySeen Register(int engineerKey, DateOnly day, IEnumerable<string> rowTexts, string file, long line)
    {
        var userDay = ((long)engineerKey << 32) | (uint)day.DayNumber;
        var fingerprint = Fingerprint(rowTexts);
        if (_seen.TryGetValue(userDay, out var first))
        {
            bool identical = first.Fingerprint == fingerprint;
            if (identical) _identical++;
            return new(false, identical, first.File, first.Line);
        }
        _seen.Add(userDay, (file, line, fingerprint));
        return new(true, false, file, line);
    }

    /// <summary>The note on the identical repeats registered since the last call (null when none), for <paramref name="file"/>.</summary>
    public Diagnostic? TakeIdenticalNote(string file)
    {
        if (_identical == 0) return null;
        var note = new Diagnostic(file, 0, "", Messages.FoundIdenticalUserDays(_identical), Messages.ExpectIdenticalUserDaysOnce, Severity.Note, Rules.IdenticalUserDay);
        _identical = 0;
        return note;
    }

    /// <summary>A 64-bit FNV-1a hash of a user-day's mapped rows: equal rows, equal hash (the duplicate check needs no more).</summary>
    private static ulong Fingerprint(IEnumerable<string> rowTexts)
    {
        var hash = 14695981039346656037UL;
        foreach (var text in rowTexts)
        {
            foreach (var ch in text) hash = (hash ^ ch) * 1099511628211UL;
            hash = (hash ^ '\u001e') * 1099511628211UL;
        }
        return hash;
    }
}
