using Lxcfs.Webhook.Configuration;

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
    public string? SkipReason(PodObject pod)
    {
        var annotations = pod.Metadata?.Annotations;
        foreach (var key in _annotations.MutateKeys)
        {
            if (AnnotationValues.ParseBoolean(annotations?.Get(key)) == false)
            {
                return $"opted out by annotation {key}";
            }
        }

        foreach (var key in _annotations.StatusKeys)
        {
            if (annotations?.Get(key) == AnnotationValues.Mutated)
            {
                return $"already mutated ({key})";
            }
        }

        foreach (var (key, value) in _excludeLabels)
        {
            if (pod.Metadata?.Labels?.Get(key) == value)
            {
                return $"daemon pod (label {key}={value})";
            }
        }

        return MountsDaemonRoot(pod) ? $"daemon pod (hostPath {_mountRoot})" : null;
    }

    // The daemon (ours or stock lxcfs) mounts the whole mount root or a parent of it from the host;
    // mutated pods only ever mount files below it.
    private bool MountsDaemonRoot(PodObject pod)
    {
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            var path = volume.HostPath?.TrimEnd('/');
            if (!string.IsNullOrEmpty(path) && (path == _mountRoot || _mountRoot.StartsWith(path + "/", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
