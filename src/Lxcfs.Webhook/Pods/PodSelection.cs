using System.Text.Json;
using Lxcfs.Webhook.Configuration;
using Lxcfs.Webhook.Json;

namespace Lxcfs.Webhook.Pods;

/// <summary>Decides whether a pod in a selected namespace is left alone, and says why.</summary>
public sealed class PodSelection
{
    private readonly LxcfsAnnotations _annotations;
    private readonly (string Key, string Value)[] _excludeLabels;
    private readonly string _mountRoot;

    public PodSelection(WebhookOptions options, LxcfsAnnotations annotations)
    {
        _annotations = annotations;
        _excludeLabels = [.. options.ExcludePodLabels.Select(l => l.Split('=', 2)).Select(p => (p[0], p[1]))];
        _mountRoot = options.MountRoot.TrimEnd('/');
    }

    /// <summary>Null when the pod is to be mutated, else the reason it is skipped.</summary>
    public string? SkipReason(JsonElement pod)
    {
        var annotations = PodJson.Annotations(pod);
        foreach (var key in _annotations.MutateKeys)
        {
            if (AnnotationValues.ParseBoolean(annotations.OptionalString(key)) == false)
            {
                return $"opted out by annotation {key}";
            }
        }

        foreach (var key in _annotations.StatusKeys)
        {
            if (annotations.OptionalString(key) == AnnotationValues.Mutated)
            {
                return $"already mutated ({key})";
            }
        }

        foreach (var (key, value) in _excludeLabels)
        {
            if (PodJson.Label(pod, key) == value)
            {
                return $"daemon pod (label {key}={value})";
            }
        }

        return MountsDaemonRoot(pod) ? $"daemon pod (hostPath {_mountRoot})" : null;
    }

    // The daemon (ours or stock lxcfs) mounts the whole mount root or a parent of it from the host;
    // mutated pods only ever mount files below it.
    private bool MountsDaemonRoot(JsonElement pod)
    {
        foreach (var volume in PodJson.Spec(pod).Objects("volumes"))
        {
            var path = volume.Member("hostPath"u8).OptionalString("path"u8)?.TrimEnd('/');
            if (!string.IsNullOrEmpty(path) && (path == _mountRoot || _mountRoot.StartsWith(path + "/", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
