namespace Lxcfs.Proc.Views;

/// <summary>A read answered with the host file because the caller's cgroup could not be read.</summary>
/// <param name="File">the view</param>
/// <param name="CallerPid">the caller</param>
/// <param name="Reason">the error, one line</param>
/// <param name="Suppressed">fallbacks not reported since the previous report (rate limit)</param>
public sealed record ViewFallback(ViewFile File, int CallerPid, string Reason, long Suppressed);
