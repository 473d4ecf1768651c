namespace Lxcfs.Interop;

public static partial class Libc
{
    private const nint SysPidfdSendSignal = 424;
    private const nint SysPidfdOpen = 434;

    /// <summary>pidfd_open(2) (Linux 5.3+): a descriptor for <paramref name="pid"/>, or −1 with errno.</summary>
    public static int PidfdOpen(int pid) => (int)Syscall(SysPidfdOpen, pid, 0, 0, 0);

    /// <summary>pidfd_send_signal(2); signal 0 only checks that the process has not exited.</summary>
    public static int PidfdSendSignal(int pidfd, int signal) => (int)Syscall(SysPidfdSendSignal, pidfd, signal, 0, 0);
}
