using System.Runtime.InteropServices;

namespace Lxcfs.Daemon.Hosting;

/// <summary>
/// SIGUSR2 toggles the <see cref="VirtualizationSwitch"/>, as in LXCFS, whose test suite (and operators)
/// send it. The log lines contain LXCFS's own messages, so whatever looks for those finds them.
/// </summary>
public sealed class VirtualizationSignal : IDisposable
{
    // Linux numbers SIGUSR2 12 on every architecture the daemon is built for; PosixSignal has no name for it.
    private const int SigUsr2 = 12;

    private readonly VirtualizationSwitch _switch;
    private readonly PosixSignalRegistration _registration;

    public VirtualizationSignal(VirtualizationSwitch virtualization)
    {
        _switch = virtualization ?? throw new ArgumentNullException(nameof(virtualization));
        _registration = PosixSignalRegistration.Create((PosixSignal)SigUsr2, OnSignal);
    }

    public void Dispose() => _registration.Dispose();

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        DaemonLog.Info(_switch.Toggle()
            ? "received SIGUSR2: Switched into virtualization mode: every file is a per-container view again"
            : "received SIGUSR2: Switched into non-virtualization mode: every file is served as the host's own until the next SIGUSR2");
    }
}
