using System.Buffers;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Hosting;

/// <summary>
/// LXCFS's virtualization toggle (SIGUSR2): serves every file per container, or, switched off, every
/// file as the host's own. An operator's escape hatch when the views are suspected of being wrong,
/// without unmounting anything. The mode is one field read per render.
/// <para>
/// Switched off, /sys/devices/system/cpu/online is the host's file too, where LXCFS answers EIO for all
/// of /sys: its EIO comes from the check it also makes when its library failed to load, not from a
/// choice for this mode, and the host's file is what a container would read with no LXCFS at all.
/// </para>
/// </summary>
public sealed class VirtualizationSwitch : IViewSource
{
    private readonly IViewSource _containers;
    private readonly IViewSource _host;
    private readonly Lock _toggling = new();
    private volatile bool _virtualized = true;

    /// <param name="containers">the per-container views</param>
    /// <param name="host">what is served while switched off</param>
    public VirtualizationSwitch(IViewSource containers, IViewSource host)
    {
        _containers = containers ?? throw new ArgumentNullException(nameof(containers));
        _host = host ?? throw new ArgumentNullException(nameof(host));
    }

    /// <summary>True (the start) while views are per container.</summary>
    public bool Virtualized => _virtualized;

    /// <summary>Flips the mode; returns the new one (true: per container again).</summary>
    public bool Toggle()
    {
        // Signals arrive one at a time on the runtime's signal thread; the lock only keeps two callers
        // from both flipping the same old value. Renders never take it.
        lock (_toggling)
        {
            _virtualized = !_virtualized;
            return _virtualized;
        }
    }

    public void Render(ViewFile file, int callerPid, IBufferWriter<byte> output) =>
        (_virtualized ? _containers : _host).Render(file, callerPid, output);

    // Always the containers' state, whatever the mode: the load averages and CPU lines it holds are what
    // a successor (which starts virtualized) goes on from.
    public ViewState ExportState() => _containers.ExportState();

    public int ImportState(ViewState state) => _containers.ImportState(state);
}
