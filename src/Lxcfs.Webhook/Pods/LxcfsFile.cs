using System.Text.Json;

namespace Lxcfs.Webhook.Pods;

/// <summary>One file served by the node daemon: where it appears in the container and where it lives on the host.</summary>
public sealed record LxcfsFile(string ContainerPath, string VolumeName, string HostPath)
{
    // Encoded once: every patch writes them.
    internal JsonEncodedText EncodedContainerPath { get; } = JsonEncodedText.Encode(ContainerPath);

    internal JsonEncodedText EncodedVolumeName { get; } = JsonEncodedText.Encode(VolumeName);

    internal JsonEncodedText EncodedHostPath { get; } = JsonEncodedText.Encode(HostPath);

    internal byte[] VolumeNameUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(VolumeName);

    /// <summary>"/proc/meminfo" under "/var/lib/lxcfs" → volume "lxcfs-proc-meminfo", host "/var/lib/lxcfs/proc/meminfo".</summary>
    public static LxcfsFile For(string mountRoot, string containerPath) => new(
        containerPath,
        "lxcfs-" + containerPath.Trim('/').Replace('/', '-').Replace('.', '-').ToLowerInvariant(),
        mountRoot.TrimEnd('/') + containerPath);
}
