using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Modeling.Runs;

/// <summary>
/// The few POSIX calls the run folder's atomicity rests on, which .NET does not expose: rename(2) of a symbolic link over
/// another, renameat2(RENAME_EXCHANGE) to swap two directories in one step, flock(2), fsync(2) of a directory.
/// </summary>
internal static class Posix
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;
    private const int LockExclusive = 2, LockNonBlocking = 4;
    private const int OpenDirectory = 0x10000; // O_DIRECTORY on Linux (x86-64 and arm64)

    public static bool IsUnix => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    /// <summary>rename(2): atomically replaces <paramref name="to"/> (a file or symbolic link) by <paramref name="from"/>.</summary>
    public static void Rename(string from, string to)
    {
        if (rename(from, to) != 0)
            throw new IOException($"rename '{from}' -> '{to}' failed", new Win32Exception(Marshal.GetLastPInvokeError()));
    }

    /// <summary>Swaps two existing directories in one atomic step (Linux ≥ 3.15, glibc ≥ 2.28); false where unsupported.</summary>
    public static bool TryExchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return renameat2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// flock(LOCK_EX | LOCK_NB) on an open file: false when another open file holds it. .NET already takes this lock for
    /// FileShare.None; taking it explicitly keeps the exclusion when DOTNET_SYSTEM_IO_DISABLEFILELOCKING turns that off.
    /// The kernel releases it when the process dies, however it dies.
    /// </summary>
    public static bool TryLockExclusive(SafeFileHandle handle)
    {
        if (!IsUnix) return true;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (flock((int)handle.DangerousGetHandle(), LockExclusive | LockNonBlocking) == 0) return true;
            int errno = Marshal.GetLastPInvokeError();
            return errno is not (11 or 35); // EWOULDBLOCK (Linux 11, BSD/macOS 35); any other error: rely on .NET's lock
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>fsync(2) of a directory, so that renames and new entries in it survive a power cut (best effort).</summary>
    public static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = open(path, OpenDirectory);
        if (fd < 0) return;
        try
        {
            fsync(fd);
        }
        finally
        {
            close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath);

    [DllImport("libc", SetLastError = true)]
    private static extern int renameat2(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath, uint flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int flock(int fd, int operation);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
