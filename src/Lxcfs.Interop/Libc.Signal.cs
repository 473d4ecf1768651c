using System.Runtime.InteropServices;

namespace Lxcfs.Interop;

public static partial class Libc
{
    /// <summary>
    /// The first real-time signal applications may use: glibc reserves the lowest ones for its threads
    /// and answers the first it does not (the SIGRTMIN macro calls this).
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "__libc_current_sigrtmin")]
    public static partial int CurrentSigRtMin();

    [LibraryImport(Lib, EntryPoint = "sigaction", SetLastError = true)]
    public static unsafe partial int SigAction(int signal, SigActionStruct* action, SigActionStruct* previous);

    [LibraryImport(Lib, EntryPoint = "gettid")]
    public static partial int GetTid();

    [LibraryImport(Lib, EntryPoint = "getpid")]
    public static partial int GetPid();

    [LibraryImport(Lib, EntryPoint = "tgkill", SetLastError = true)]
    public static partial int TgKill(int tgid, int tid, int signal);

    /// <summary>
    /// glibc's struct sigaction (x86_64 and aarch64): the handler, a 1024-bit mask, the flags and the
    /// restorer, which glibc fills in itself.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct SigActionStruct
    {
        public nint Handler;
        public fixed ulong Mask[16];
        public int Flags;
        public nint Restorer;
    }
}
