using Lxcfs.Proc.Loadavg;
using Lxcfs.Proc.Rendering;

namespace Lxcfs.Proc.Views;

/// <summary>
/// What the views remember between reads and an upgrade must not lose: each container's load averages
/// (minutes of history) and the CPU lines last shown (which must never go backwards).
/// </summary>
public sealed record ViewState(IReadOnlyList<LoadavgHistory> Loadavg, IReadOnlyList<KeyValuePair<string, CpuTimes[]>> ShownCpuTimes)
{
    public static ViewState Empty { get; } = new([], []);
}
