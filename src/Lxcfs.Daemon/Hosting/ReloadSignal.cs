using System.Runtime.InteropServices;

namespace Lxcfs.Daemon.Hosting;

/// <summary>
/// SIGUSR1, which LXCFS takes as "reload your library" and which Debian's packaging sends on every
/// package configure and <c>systemctl reload</c>. Its default action would terminate the daemon and
/// leave a dead mount in every container, so it is caught; there is nothing to reload, since this
/// daemon is upgraded by starting a new instance that takes the live connection over.
/// </summary>
public sealed class ReloadSignal : IDisposable
{
    // Linux numbers SIGUSR1 10 on every architecture the daemon is built for; PosixSignal has no name for it.
    private const int SigUsr1 = 10;

    private readonly PosixSignalRegistration _registration;

    public ReloadSignal() => _registration = PosixSignalRegistration.Create((PosixSignal)SigUsr1, OnSignal);

    public void Dispose() => _registration.Dispose();

    private static void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        DaemonLog.Info("received SIGUSR1 (lxcfs's reload): nothing to reload, serving on; to upgrade, start the new version, which takes the connection over");
    }
}
