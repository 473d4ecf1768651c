using System.Text.Json.Nodes;
using Lxcfs.Webhook.Configuration;

namespace Lxcfs.Webhook.Pods;

/// <summary>
/// Adds the lxcfs volumes and read-only mounts to a pod's JSON in place. A container that already mounts
/// one of the paths keeps its own mount, a volume name already present is reused, and only the volumes
/// some container needs are added. Ephemeral containers are never touched: they are only ever added
/// through their own subresource, never at pod creation.
/// </summary>
public sealed class PodMutator
{
    private readonly LxcfsFile[] _files;
    private readonly string[] _containerLists;
    private readonly string _statusKey;

    public PodMutator(WebhookOptions options, LxcfsAnnotations annotations)
    {
        _files = [.. options.Files.Select(f => LxcfsFile.For(options.MountRoot, f))];
        _containerLists = options.IncludeInitContainers ? ["initContainers", "containers"] : ["containers"];
        _statusKey = annotations.StatusKey;
    }

    public IReadOnlyList<LxcfsFile> Files => _files;

    /// <summary>Mutates <paramref name="pod"/>; false when nothing needed adding (the pod is left untouched).</summary>
    public bool Mutate(JsonObject pod)
    {
        if (PodJson.Spec(pod) is not { } spec)
        {
            return false;
        }

        var needed = new bool[_files.Length];
        foreach (var list in _containerLists)
        {
            foreach (var container in PodJson.Objects(spec, list))
            {
                AddMounts(container, needed);
            }
        }

        if (!needed.Contains(true))
        {
            return false;
        }

        AddVolumes(spec, needed);
        var annotations = PodJson.EnsureObject(PodJson.EnsureObject(pod, "metadata"), "annotations");
        annotations[_statusKey] = AnnotationValues.Mutated;
        return true;
    }

    private void AddMounts(JsonObject container, bool[] needed)
    {
        var mounted = PodJson.Objects(container, "volumeMounts")
            .Select(m => PodJson.StringMember(m, "mountPath")?.TrimEnd('/'))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < _files.Length; i++)
        {
            var file = _files[i];
            if (mounted.Contains(file.ContainerPath))
            {
                continue;
            }

            PodJson.EnsureArray(container, "volumeMounts").Add(new JsonObject
            {
                ["name"] = file.VolumeName,
                ["mountPath"] = file.ContainerPath,
                ["readOnly"] = true,
            });
            needed[i] = true;
        }
    }

    private void AddVolumes(JsonObject spec, bool[] needed)
    {
        var existing = PodJson.Objects(spec, "volumes")
            .Select(v => PodJson.StringMember(v, "name"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < _files.Length; i++)
        {
            var file = _files[i];
            if (!needed[i] || existing.Contains(file.VolumeName))
            {
                continue;
            }

            // type File: if the daemon is not up yet the kubelet waits instead of creating a directory
            // at the path, which would later refuse the bind mount of a file.
            PodJson.EnsureArray(spec, "volumes").Add(new JsonObject
            {
                ["name"] = file.VolumeName,
                ["hostPath"] = new JsonObject { ["path"] = file.HostPath, ["type"] = "File" },
            });
        }
    }
}
