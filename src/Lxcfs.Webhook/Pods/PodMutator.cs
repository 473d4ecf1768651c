using Lxcfs.Webhook.Configuration;
using Lxcfs.Webhook.Json;
using Lxcfs.Webhook.Patching;

namespace Lxcfs.Webhook.Pods;

/// <summary>
/// Writes the patch that adds the lxcfs volumes and read-only mounts to a pod. A container that already
/// mounts one of the paths keeps its own mount, a volume name already present is reused, and only the
/// volumes some container needs are added. Ephemeral containers are never touched: they are only ever
/// added through their own subresource, never at pod creation.
/// </summary>
public sealed class PodMutator
{
    private readonly LxcfsFile[] _files;
    private readonly bool _includeInitContainers;
    private readonly StatusAnnotationWriter _status;

    public PodMutator(WebhookOptions options, LxcfsAnnotations annotations)
    {
        _files = [.. options.Files.Select(f => LxcfsFile.For(options.MountRoot, f))];
        _includeInitContainers = options.IncludeInitContainers;
        _status = new StatusAnnotationWriter(annotations.StatusKey, AnnotationValues.Mutated);
    }

    public IReadOnlyList<LxcfsFile> Files => _files;

    /// <summary>Adds the mutation to <paramref name="patch"/>; false when nothing needed adding.</summary>
    internal bool Mutate(PodObject pod, PodPatch patch)
    {
        if (pod.Spec is not { } spec)
        {
            return false;
        }

        Span<bool> needed = _files.Length <= 64 ? stackalloc bool[_files.Length] : new bool[_files.Length];
        Span<bool> mounted = _files.Length <= 64 ? stackalloc bool[_files.Length] : new bool[_files.Length];
        if (_includeInitContainers)
        {
            AddMounts(patch, "initContainers", spec.InitContainers, mounted, needed);
        }

        AddMounts(patch, "containers", spec.Containers, mounted, needed);
        if (!needed.Contains(true))
        {
            return false;
        }

        AddVolumes(patch, spec, needed);
        _status.Write(pod, patch);
        return true;
    }

    private void AddMounts(PodPatch patch, string list, IReadOnlyList<PodContainer>? containers, Span<bool> mounted, Span<bool> needed)
    {
        foreach (var container in containers ?? [])
        {
            mounted.Clear();
            foreach (var path in container.MountPaths ?? [])
            {
                if (FileAt(path) is var i and >= 0)
                {
                    mounted[i] = true;
                }
            }

            patch.BeginItems(list, container.Index, "volumeMounts", container.MountPaths is not null);
            for (var i = 0; i < _files.Length; i++)
            {
                if (mounted[i])
                {
                    continue;
                }

                patch.NextItem().WriteRawValue(_files[i].MountJson, skipInputValidation: true);
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

    private void AddVolumes(PodPatch patch, PodSpec spec, ReadOnlySpan<bool> needed)
    {
        Span<bool> present = _files.Length <= 64 ? stackalloc bool[_files.Length] : new bool[_files.Length];
        MarkPresentVolumes(spec, present);
        patch.BeginItems("/spec/volumes"u8, spec.Volumes is not null);
        for (var i = 0; i < _files.Length; i++)
        {
            if (!needed[i] || present[i])
            {
                continue;
            }

            patch.NextItem().WriteRawValue(_files[i].VolumeJson, skipInputValidation: true);
        }

        patch.EndItems();
    }

    // One pass over the pod's volumes: which of our volume names are taken already.
    private void MarkPresentVolumes(PodSpec spec, Span<bool> present)
    {
        present.Clear();
        foreach (var volume in spec.Volumes ?? [])
        {
            if (volume.Name is not { } name)
            {
                continue;
            }

            for (var i = 0; i < _files.Length; i++)
            {
                present[i] |= name.ValueEquals(_files[i].VolumeNameUtf8);
            }
        }
    }
}
