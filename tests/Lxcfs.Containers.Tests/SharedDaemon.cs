using Lxcfs.Daemon.Tests;

namespace Lxcfs.Containers.Tests;

/// <summary>One daemon with CFS awareness for a whole test class, started by the first test that needs it.</summary>
public sealed class SharedDaemon : IDisposable
{
    private readonly Lazy<DaemonProcess> _daemon = new(() => DaemonProcess.Start(extraArgs: ["--enable-cfs"]));

    public string MountPoint
    {
        get
        {
            Podman.RequirePrerequisites();
            return _daemon.Value.MountPoint;
        }
    }

    public void Dispose()
    {
        if (_daemon.IsValueCreated)
        {
            _daemon.Value.Dispose();
        }
    }
}
