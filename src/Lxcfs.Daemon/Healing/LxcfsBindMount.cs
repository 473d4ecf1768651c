namespace Lxcfs.Daemon.Healing;

/// <summary>A mount in some mount namespace whose filesystem is an LXCFS instance (usually a bind of one file).</summary>
/// <param name="Root">the path inside the LXCFS tree that is mounted, e.g. <c>/proc/meminfo</c></param>
/// <param name="Target">where it is mounted, as the namespace's processes see it, e.g. <c>/proc/meminfo</c></param>
/// <param name="ReadOnly">the mount carries the per-mount <c>ro</c> flag, which the replacement keeps</param>
/// <param name="Device">the LXCFS connection's device (<c>major:minor</c>), which tells whose mount it came from</param>
public sealed record LxcfsBindMount(string Root, string Target, bool ReadOnly, string Device);
