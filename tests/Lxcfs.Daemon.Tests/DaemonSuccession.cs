namespace Lxcfs.Daemon.Tests;

/// <summary>
/// Daemons that take one mount over from each other in turn, under a <see cref="PhasedReader"/>: each
/// hand-off is announced to the reader as a transition, then the next phase once the predecessor is gone.
/// Disposing stops the reader and every instance, by pid.
/// </summary>
internal sealed class DaemonSuccession : IDisposable
{
    private readonly List<DaemonProcess> _retired = [];

    public DaemonSuccession(string firstPhase, IEnumerable<string>? args = null, string? binary = null)
    {
        Current = DaemonProcess.Start(extraArgs: args, binary: binary);
        Reader = PhasedReader.Start(Current.MountPoint, Current.WorkDir, firstPhase);
        Reader.ReadIn(firstPhase);
    }

    public DaemonProcess Current { get; private set; }

    public PhasedReader Reader { get; }

    /// <summary>The instances that handed over, oldest first.</summary>
    public IReadOnlyList<DaemonProcess> Retired => _retired;

    /// <summary>Starts the next instance (<paramref name="binary"/>: another build), waits for the current one to exit 0, reads in <paramref name="phase"/>.</summary>
    public void HandOff(string transition, string phase, IEnumerable<string>? args = null, string? binary = null)
    {
        Reader.SetPhase(transition);
        var next = DaemonProcess.Start(mountPoint: Current.MountPoint, workDir: Current.WorkDir, extraArgs: args, binary: binary);
        Current.WaitExit(TimeSpan.FromSeconds(20)).Should().Be(0, Current.Stderr);
        next.Stderr.Should().Contain("took the live connection over");
        _retired.Add(Current);
        Current = next;
        Reader.ReadIn(phase);
    }

    public void Dispose()
    {
        Reader.Dispose();
        _retired.ForEach(d => d.Dispose());
        Current.Dispose();
    }
}
