namespace Lxcfs.Proc.Views;

public sealed partial class ContainerViewSource
{
    public ViewState ExportState() => new(_loadavg?.Export() ?? [], _ledger.Export());

    /// <summary>Goes on from a predecessor's state; returns how many load-average histories were taken up.</summary>
    public int ImportState(ViewState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _ledger.Import(state.ShownCpuTimes);
        return _loadavg?.Import(state.Loadavg) ?? 0;
    }
}
