using System.Text.Json;
using Lxcfs.Webhook.Configuration;
using Lxcfs.Webhook.Json;
using Lxcfs.Webhook.Patching;

namespace Lxcfs.Webhook.Pods;

/// <summary>
/// Writes the patch that adds the lxcfs volumes and read-only mounts to a pod, per container: a container
/// gets every file it does not mount yet (so a pod seen again after another webhook added a sidecar gets
/// mounts for the sidecar only), and one that mounts a path itself keeps its own mount. A volume is ours by
/// what it is (a hostPath of our file), never by its name: ours is reused whatever its name, and a foreign
/// volume that has our name makes us add ours under a free name. Ephemeral containers are never touched:
/// they are only ever added through their own subresource, never at pod creation.
/// </summary>
public sealed class PodMutator
{
    // What one mount costs in the patch beyond its value: the operation and its path.
    private const int OperationBytes = 64;

    private readonly LxcfsFile[] _files;
    private readonly bool _includeInitContainers;
    private readonly int _maxPatchBytes;

    public PodMutator(WebhookOptions options)
    {
        _files = [.. options.Files.Select(f => LxcfsFile.For(options.MountRoot, f))];
        _includeInitContainers = options.IncludeInitContainers;
        _maxPatchBytes = options.MaxPatchBytes;
    }

    public IReadOnlyList<LxcfsFile> Files => _files;

    /// <summary>
    /// Adds the mounts and volumes to <paramref name="patch"/>, or writes nothing and says why: no container
    /// lacked a file, or the mounts would take more than Webhook:MaxPatchBytes (thousands of containers: a
    /// pod the API server could not store once mutated, and a patch that would hold megabytes per request).
    /// </summary>
    internal Mutation Mutate(PodObject pod, PodPatch patch)
    {
        if (pod.Spec is not { } spec)
        {
            return Mutation.Unchanged;
        }

        Span<bool> needed = _files.Length <= 64 ? stackalloc bool[_files.Length] : new bool[_files.Length];
        Span<bool> mounted = _files.Length <= 64 ? stackalloc bool[_files.Length] : new bool[_files.Length];
        var estimate = EstimateMountBytes(spec, mounted);
        if (estimate == 0)
        {
            return Mutation.Unchanged;
        }

        if (estimate > _maxPatchBytes)
        {
            return new Mutation(false, new PodSkip(PodSkip.TooLarge, $"the mounts would take about {estimate} bytes of patch, over Webhook:MaxPatchBytes {_maxPatchBytes}"));
        }

        var volumes = VolumesFor(spec);
        needed.Clear();
        if (_includeInitContainers)
        {
            AddMounts(patch, "initContainers", spec.InitContainers, volumes, mounted, needed);
        }

        AddMounts(patch, "containers", spec.Containers, volumes, mounted, needed);
        AddVolumes(patch, spec, volumes, needed);
        return Mutation.Mutated;
    }

    // The bytes the missing mounts will take in the patch, before anything is written; 0: none is missing.
    private long EstimateMountBytes(PodSpec spec, Span<bool> mounted) =>
        (_includeInitContainers ? EstimateMountBytes(spec.InitContainers, mounted) : 0) + EstimateMountBytes(spec.Containers, mounted);

    private long EstimateMountBytes(IReadOnlyList<PodContainer>? containers, Span<bool> mounted)
    {
        long bytes = 0;
        foreach (var container in containers ?? [])
        {
            MarkMounted(container, mounted);
            for (var i = 0; i < _files.Length; i++)
            {
                bytes += mounted[i] ? 0 : _files[i].MountJson.Length + OperationBytes;
            }
        }

        return bytes;
    }

    private void MarkMounted(PodContainer container, Span<bool> mounted)
    {
        mounted.Clear();
        foreach (var path in container.MountPaths ?? [])
        {
            if (FileAt(path) is var i and >= 0)
            {
                mounted[i] = true;
            }
        }
    }

    private void AddMounts(PodPatch patch, string list, IReadOnlyList<PodContainer>? containers, FileVolume[] volumes, Span<bool> mounted, Span<bool> needed)
    {
        foreach (var container in containers ?? [])
        {
            MarkMounted(container, mounted);
            if (!mounted.Contains(false))
            {
                continue;
            }

            patch.BeginItems(list, container.Index, "volumeMounts", container.MountPaths is not null);
            for (var i = 0; i < _files.Length; i++)
            {
                if (mounted[i])
                {
                    continue;
                }

                var item = patch.NextItem();
                if (volumes[i].Name is { } name)
                {
                    item.WriteStartObject();
                    item.WriteString("name"u8, name);
                    item.WriteString("mountPath"u8, _files[i].ContainerPath);
                    item.WriteBoolean("readOnly"u8, true);
                    item.WriteEndObject();
                }
                else
                {
                    item.WriteRawValue(_files[i].MountJson, skipInputValidation: true);
                }

                needed[i] = true;
            }

            patch.EndItems();
        }
    }

    // Which file a mount path is ("/proc/meminfo/" too), or -1.
    private int FileAt(JsonString mountPath)
    {
        var path = mountPath.Utf8.TrimEnd((byte)'/');
        for (var i = 0; i < _files.Length; i++)
        {
            if (path.SequenceEqual(_files[i].ContainerPathUtf8))
            {
                return i;
            }
        }

        return -1;
    }

    private void AddVolumes(PodPatch patch, PodSpec spec, FileVolume[] volumes, ReadOnlySpan<bool> needed)
    {
        patch.BeginItems("/spec/volumes"u8, spec.Volumes is not null);
        for (var i = 0; i < _files.Length; i++)
        {
            if (!needed[i] || volumes[i].Present)
            {
                continue;
            }

            var item = patch.NextItem();
            if (volumes[i].Name is { } name)
            {
                item.WriteStartObject();
                item.WriteString("name"u8, name);
                item.WritePropertyName("hostPath"u8);
                WriteHostPath(item, _files[i]);
                item.WriteEndObject();
            }
            else
            {
                item.WriteRawValue(_files[i].VolumeJson, skipInputValidation: true);
            }
        }

        patch.EndItems();
    }

    private static void WriteHostPath(Utf8JsonWriter writer, LxcfsFile file)
    {
        writer.WriteStartObject();
        writer.WriteString("path"u8, file.HostPath);
        writer.WriteString("type"u8, "File");
        writer.WriteEndObject();
    }

    /// <summary>
    /// For each file, the volume its mounts name: the pod's own volume of that hostPath (Present), else a new
    /// one. Name is null for the file's usual name, the common case, whose JSON is rendered once.
    /// </summary>
    private FileVolume[] VolumesFor(PodSpec spec)
    {
        var volumes = new FileVolume[_files.Length];
        var podVolumes = spec.Volumes ?? [];
        var taken = false;
        for (var i = 0; i < _files.Length; i++)
        {
            foreach (var volume in podVolumes)
            {
                if (volume.Name is { } name && IsFile(volume.HostPath, _files[i]))
                {
                    volumes[i] = new FileVolume(name.ValueEquals(_files[i].VolumeNameUtf8) ? null : name.GetString(), Present: true);
                    break;
                }

                taken |= volume.Name is { } other && other.ValueEquals(_files[i].VolumeNameUtf8);
            }
        }

        return taken ? WithFreeNames(volumes, podVolumes) : volumes;
    }

    // Some file's usual name belongs to a volume that is not that file: give each such file a name that no
    // volume of the pod has and no other file uses, "<usual name>-<n>".
    private FileVolume[] WithFreeNames(FileVolume[] volumes, IReadOnlyList<PodVolume> podVolumes)
    {
        var podNames = new HashSet<string>(podVolumes.Where(v => v.Name is not null).Select(v => v.Name!.Value.GetString()), StringComparer.Ordinal);
        var used = new HashSet<string>(podNames.Concat(_files.Select(f => f.VolumeName)), StringComparer.Ordinal);
        for (var i = 0; i < _files.Length; i++)
        {
            if (volumes[i].Present || !podNames.Contains(_files[i].VolumeName))
            {
                continue;
            }

            var n = 1;
            string free;
            while (!used.Add(free = $"{_files[i].VolumeName}-{n}"))
            {
                n++;
            }

            volumes[i] = new FileVolume(free, Present: false);
        }

        return volumes;
    }

    private static bool IsFile(string? hostPath, LxcfsFile file) =>
        hostPath is not null && hostPath.AsSpan().TrimEnd('/').SequenceEqual(file.HostPath);

    private readonly record struct FileVolume(string? Name, bool Present);
}

/// <summary>What <see cref="PodMutator.Mutate"/> did: added mounts, or nothing (and why, when it would not).</summary>
internal readonly record struct Mutation(bool Changed, PodSkip? Skip)
{
    public static Mutation Unchanged => default;

    public static Mutation Mutated => new(true, null);
}
