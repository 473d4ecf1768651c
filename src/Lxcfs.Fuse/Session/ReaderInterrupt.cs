using System.Runtime.InteropServices;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Session;

/// <summary>
/// Ends a reader's blocking read of the FUSE device: a real-time signal, aimed at that thread, with a
/// handler installed without SA_RESTART so the read returns EINTR having consumed nothing. Readers block
/// in read(2) rather than in a poll set because the kernel then wakes exactly one reader per request;
/// with poll or epoll every request also woke readers that found nothing to read.
/// <para>
/// The signal is SIGRTMIN+1. Not SIGUSR1 or SIGUSR2: LXCFS's users send those from outside (reload,
/// virtualization toggle), and the daemon answers them. Not SIGRTMIN: the .NET runtime injects thread
/// activations (GC suspension) with it. No one sends SIGRTMIN+1 to this process.
/// </para>
/// </summary>
internal static unsafe class ReaderInterrupt
{
    private static readonly Lock s_installLock = new();
    private static readonly int s_signal = Libc.CurrentSigRtMin() + 1;
    private static bool s_installed;

    /// <summary>Installs the handler once per process.</summary>
    public static void Install()
    {
        lock (s_installLock)
        {
            if (s_installed)
            {
                return;
            }

            // The handler must exist (an ignored signal interrupts nothing) and do nothing: getpid is
            // async-signal-safe and has no effect, and no managed code runs on the signal's stack.
            var libc = NativeLibrary.Load("libc.so.6");
            var action = default(Libc.SigActionStruct);
            action.Handler = NativeLibrary.GetExport(libc, "getpid");
            action.Flags = 0;
            if (Libc.SigAction(s_signal, &action, null) != 0)
            {
                throw FuseException.FromErrno("cannot install the reader wake-up signal handler", Marshal.GetLastPInvokeError());
            }

            s_installed = true;
        }
    }

    /// <summary>Interrupts the thread <paramref name="tid"/> of this process; false when it no longer exists.</summary>
    public static bool Interrupt(int tid) => Libc.TgKill(Libc.GetPid(), tid, s_signal) == 0;
}
