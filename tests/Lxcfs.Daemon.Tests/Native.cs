using System.Runtime.InteropServices;

namespace Lxcfs.Daemon.Tests;

internal static partial class Native
{
    public const int SIGKILL = 9;
    public const int SIGUSR1 = 10;
    public const int SIGUSR2 = 12;
    public const int SIGTERM = 15;
    public const int W_OK = 2;
    public const int R_OK = 4;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Access(string path, int mode);

    /// <summary>errno of access(2), 0 when allowed.</summary>
    public static int AccessErrno(string path, int mode) => Access(path, mode) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
