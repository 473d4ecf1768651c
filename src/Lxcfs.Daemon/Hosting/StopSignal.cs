using System.Runtime.InteropServices;

namespace Lxcfs.Daemon.Hosting;

/// <summary>
/// SIGTERM, SIGINT and SIGQUIT turned into a wait handle. Registered before the mount, so a signal that
/// arrives while starting up still leads to a clean unmount rather than the default termination.
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly ManualResetEventSlim _raised = new();
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal),
        ];
    }

    public WaitHandle WaitHandle => _raised.WaitHandle;

    public string? Received { get; private set; }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _raised.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Received ??= context.Signal.ToString();
        _raised.Set();
    }
}
