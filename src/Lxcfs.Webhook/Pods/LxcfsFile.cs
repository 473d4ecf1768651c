using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Lxcfs.Webhook.Pods;

/// <summary>One file served by the node daemon: where it appears in the container and where it lives on the host.</summary>
public sealed record LxcfsFile(string ContainerPath, string VolumeName, string HostPath)
{
    // Rendered once: every patch carries them as they are.
    internal byte[] MountJson { get; } = Render(writer =>
    {
        writer.WriteString("name", VolumeName);
        writer.WriteString("mountPath", ContainerPath);
        writer.WriteBoolean("readOnly", true);
    });

    // type File: if the daemon is not up yet the kubelet waits instead of creating a directory at the
    // path, which would later refuse the bind mount of a file.
    internal byte[] VolumeJson { get; } = Render(writer =>
    {
        writer.WriteString("name", VolumeName);
        writer.WriteStartObject("hostPath");
        writer.WriteString("path", HostPath);
        writer.WriteString("type", "File");
        writer.WriteEndObject();
    });

    internal byte[] VolumeNameUtf8 { get; } = Encoding.UTF8.GetBytes(VolumeName);

    internal byte[] ContainerPathUtf8 { get; } = Encoding.UTF8.GetBytes(ContainerPath);

    /// <summary>"/proc/meminfo" under "/var/lib/lxcfs" → volume "lxcfs-proc-meminfo", host "/var/lib/lxcfs/proc/meminfo".</summary>
    public static LxcfsFile For(string mountRoot, string containerPath) => new(
        containerPath,
        "lxcfs-" + containerPath.Trim('/').Replace('/', '-').Replace('.', '-').ToLowerInvariant(),
        mountRoot.TrimEnd('/') + containerPath);

    private static byte[] Render(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
