namespace Lxcfs.Webhook.Pods;

/// <summary>One file served by the node daemon: where it appears in the container and where it lives on the host.</summary>
public sealed record LxcfsFile(string ContainerPath, string VolumeName, string HostPath)
{
    /// <summary>"/proc/meminfo" under "/var/lib/lxcfs" → volume "lxcfs-proc-meminfo", host "/var/lib/lxcfs/proc/meminfo".</summary>
    public static LxcfsFile For(string mountRoot, string containerPath) => new(
        containerPath,
        "lxcfs-" + containerPath.Trim('/').Replace('/', '-').Replace('.', '-').ToLowerInvariant(),
        mountRoot.TrimEnd('/') + containerPath);
}
