namespace Lxcfs.Proc.Views;

/// <summary>The lxcfs command-line switches that change what the views render.</summary>
/// <param name="EnableCfs">CPU counts honour the CFS quota (<c>--enable-cfs</c>).</param>
/// <param name="EnableLoadavg">loadavg is sampled per container (<c>-l</c>); otherwise the host file.</param>
/// <param name="DisableSwap">swap is reported as absent (<c>-u</c>).</param>
public sealed record ViewOptions(bool EnableCfs = true, bool EnableLoadavg = false, bool DisableSwap = false);
