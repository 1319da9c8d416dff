using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Modeling.Runs;

/// <summary>Who holds (or held) the retrain lock of a runs folder.</summary>
/// <param name="Pid">The holder's process id.</param>
/// <param name="Host">The host it runs on (Environment.MachineName).</param>
/// <param name="StartedAt">When it took the lock (UTC).</param>
/// <param name="ProcessStartedAt">The holder process's own start time, to tell a live holder from a reused pid.</param>
/// <param name="AsOf">The run it is building.</param>
public sealed record LockHolder(int Pid, string Host, DateTimeOffset StartedAt, DateTimeOffset? ProcessStartedAt, string AsOf)
{
    /// <summary>This process, taking the lock now.</summary>
    public static LockHolder Current(DateTimeOffset now, AsOfMonth asOf)
    {
        using var self = Process.GetCurrentProcess();
        return new(Environment.ProcessId, Environment.MachineName, now, new DateTimeOffset(self.StartTime.ToUniversalTime()), asOf.ToString());
    }

    /// <summary>True when the holder is a running process on this host (same pid and, if recorded, same start time).</summary>
    public bool IsAliveOnThisHost()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.Ordinal)) return false;
        try
        {
            using var process = Process.GetProcessById(Pid);
            if (process.HasExited) return false;
            if (ProcessStartedAt is not { } recorded) return true;
            return Math.Abs((process.StartTime.ToUniversalTime() - recorded.UtcDateTime).TotalSeconds) < 2;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false; // no such process (or it exited while we looked)
        }
    }

    internal byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("pid", Pid);
            w.WriteString("host", Host);
            w.WriteString("started_at", StartedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            if (ProcessStartedAt is { } p) w.WriteString("process_started_at", p.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("as_of", AsOf);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Reads a holder record; null when absent or unreadable (e.g. being replaced).</summary>
    internal static LockHolder? TryRead(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            DateTimeOffset? processStart = root.TryGetProperty("process_started_at", out var ps)
                ? DateTimeOffset.Parse(ps.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;
            return new LockHolder(root.GetProperty("pid").GetInt32(), root.GetProperty("host").GetString() ?? "",
                DateTimeOffset.Parse(root.GetProperty("started_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                processStart, root.TryGetProperty("as_of", out var a) ? a.GetString() ?? "" : "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException
                                   or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>Another retrain holds the lock (exit code 3).</summary>
public sealed class RunLockedException(string runsFolder, LockHolder? holder) : Exception(Messages.Locked(runsFolder, holder))
{
    public LockHolder? Holder { get; } = holder;
}

/// <summary>
/// The exclusive lock of one runs folder, held for a whole retrain.
/// <para>Protocol. <c>.retrain.lock</c> is opened with FileShare.None, i.e. flock(LOCK_EX|LOCK_NB) on Linux, which the
/// kernel arbitrates (no check-then-act race) and releases when the holder dies however it dies, even by SIGKILL. The lock
/// file is never deleted: deleting it would let a process lock the unlinked file while another creates a new one.
/// Holding the lock, the holder writes <c>.retrain.holder.json</c> (pid, host, start time; temp file + rename) and deletes
/// it just before releasing. So a holder record found by the process that has just obtained the lock is stale: its
/// process died mid-run; it is reported and replaced ("taken over"). Defence in depth, for file systems or settings
/// where flock is not effective: if that recorded holder is still a running process on this host (same pid and
/// process start time), the lock is refused instead. A process that cannot obtain the lock reads the record to name
/// the holder in its message.</para>
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string LockFileName = ".retrain.lock";
    public const string HolderFileName = ".retrain.holder.json";

    private readonly FileStream _stream;
    private readonly string _holderPath;

    private RunLock(FileStream stream, string holderPath, LockHolder holder, LockHolder? takenOverFrom)
    {
        _stream = stream;
        _holderPath = holderPath;
        Holder = holder;
        TakenOverFrom = takenOverFrom;
    }

    public LockHolder Holder { get; }

    /// <summary>The dead holder whose stale record was replaced, if any.</summary>
    public LockHolder? TakenOverFrom { get; }

    /// <summary>Takes the lock or throws <see cref="RunLockedException"/> naming the holder.</summary>
    public static RunLock Acquire(string runsFolder, AsOfMonth asOf, DateTimeOffset now)
    {
        Directory.CreateDirectory(runsFolder);
        var lockPath = Path.Combine(runsFolder, LockFileName);
        var holderPath = Path.Combine(runsFolder, HolderFileName);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            throw new RunLockedException(runsFolder, ReadHolderPatiently(holderPath));
        }
        try
        {
            if (!Posix.TryLockExclusive(stream.SafeFileHandle)) throw new RunLockedException(runsFolder, ReadHolderPatiently(holderPath));
            var previous = LockHolder.TryRead(holderPath);
            if (previous is not null && previous.IsAliveOnThisHost() && previous.Pid != Environment.ProcessId)
                throw new RunLockedException(runsFolder, previous);
            var me = LockHolder.Current(now, asOf);
            var temp = holderPath + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllBytes(temp, me.ToJson());
            File.Move(temp, holderPath, overwrite: true);
            return new RunLock(stream, holderPath, me, previous);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether opening the lock file failed because another process holds it (EWOULDBLOCK from flock on Linux, a sharing
    /// violation elsewhere): only then is the folder locked (exit 3, retry later). Any other failure (read-only or full
    /// file system, no permission) is not a lock and must not make a scheduler retry for ever.
    /// </summary>
    private static bool IsHeldElsewhere(IOException e) =>
        e.HResult is WouldBlock or SharingViolation or LockViolation;

    private const int WouldBlock = 11; // EWOULDBLOCK / EAGAIN (Linux errno, the HResult of .NET's IOException on Unix)
    private const int SharingViolation = unchecked((int)0x80070020), LockViolation = unchecked((int)0x80070021);

    /// <summary>The holder record, waiting briefly in case the holder has the lock but has not written it yet.</summary>
    private static LockHolder? ReadHolderPatiently(string holderPath)
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            if (LockHolder.TryRead(holderPath) is { } holder) return holder;
            Thread.Sleep(50);
        }
        return null;
    }

    /// <summary>Removes the holder record, then releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_holderPath);
        }
        finally
        {
            _stream.Dispose();
        }
    }
}
