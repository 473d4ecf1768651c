using System.Text.Json;
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
    private static readonly JsonEncodedText s_name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText s_mountPath = JsonEncodedText.Encode("mountPath");
    private static readonly JsonEncodedText s_readOnly = JsonEncodedText.Encode("readOnly");
    private static readonly JsonEncodedText s_hostPath = JsonEncodedText.Encode("hostPath");
    private static readonly JsonEncodedText s_path = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText s_type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText s_file = JsonEncodedText.Encode("File");

    private readonly LxcfsFile[] _files;
    private readonly Dictionary<string, int> _fileIndex;
    private readonly string[] _containerLists;
    private readonly StatusAnnotationWriter _status;

    public PodMutator(WebhookOptions options, LxcfsAnnotations annotations)
    {
        _files = [.. options.Files.Select(f => LxcfsFile.For(options.MountRoot, f))];
        _fileIndex = _files.Select((f, i) => (f.ContainerPath, i)).ToDictionary(p => p.ContainerPath, p => p.i, StringComparer.Ordinal);
        _containerLists = options.IncludeInitContainers ? ["initContainers", "containers"] : ["containers"];
        _status = new StatusAnnotationWriter(annotations.StatusKey, AnnotationValues.Mutated);
    }

    public IReadOnlyList<LxcfsFile> Files => _files;

    /// <summary>Adds the mutation to <paramref name="patch"/>; false when nothing needed adding.</summary>
    internal bool Mutate(JsonElement pod, PodPatch patch)
    {
        if (PodJson.Spec(pod) is not { } spec)
        {
            return false;
        }

        Span<bool> needed = _files.Length <= 64 ? stackalloc bool[_files.Length] : new bool[_files.Length];
        Span<bool> mounted = _files.Length <= 64 ? stackalloc bool[_files.Length] : new bool[_files.Length];
        foreach (var list in _containerLists)
        {
            var index = 0;
            foreach (var container in spec.Objects(list))
            {
                AddMounts(patch, list, index++, container, mounted, needed);
            }
        }

        if (!needed.Contains(true))
        {
            return false;
        }

        AddVolumes(patch, spec, needed);
        _status.Write(pod, patch);
        return true;
    }

    private void AddMounts(PodPatch patch, string list, int index, JsonElement container, Span<bool> mounted, Span<bool> needed)
    {
        mounted.Clear();
        foreach (var mount in container.Objects("volumeMounts"))
        {
            if (mount.OptionalString("mountPath"u8)?.TrimEnd('/') is { } path && _fileIndex.TryGetValue(path, out var i))
            {
                mounted[i] = true;
            }
        }

        patch.BeginItems(list, index, "volumeMounts", PodJson.HasArray(container, "volumeMounts"));
        for (var i = 0; i < _files.Length; i++)
        {
            if (mounted[i])
            {
                continue;
            }

            var writer = patch.NextItem();
            writer.WriteStartObject();
            writer.WriteString(s_name, _files[i].EncodedVolumeName);
            writer.WriteString(s_mountPath, _files[i].EncodedContainerPath);
            writer.WriteBoolean(s_readOnly, true);
            writer.WriteEndObject();
            needed[i] = true;
        }

        patch.EndItems();
    }

    private void AddVolumes(PodPatch patch, JsonElement spec, ReadOnlySpan<bool> needed)
    {
        Span<bool> present = _files.Length <= 64 ? stackalloc bool[_files.Length] : new bool[_files.Length];
        MarkPresentVolumes(spec, present);
        patch.BeginItems("/spec/volumes"u8, PodJson.HasArray(spec, "volumes"));
        for (var i = 0; i < _files.Length; i++)
        {
            if (!needed[i] || present[i])
            {
                continue;
            }

            // type File: if the daemon is not up yet the kubelet waits instead of creating a directory
            // at the path, which would later refuse the bind mount of a file.
            var writer = patch.NextItem();
            writer.WriteStartObject();
            writer.WriteString(s_name, _files[i].EncodedVolumeName);
            writer.WriteStartObject(s_hostPath);
            writer.WriteString(s_path, _files[i].EncodedHostPath);
            writer.WriteString(s_type, s_file);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        patch.EndItems();
    }

    // One pass over the pod's volumes: which of our volume names are taken already.
    private void MarkPresentVolumes(JsonElement spec, Span<bool> present)
    {
        present.Clear();
        foreach (var volume in spec.Objects("volumes"))
        {
            if (volume.Member("name"u8) is not { ValueKind: JsonValueKind.String } name)
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
