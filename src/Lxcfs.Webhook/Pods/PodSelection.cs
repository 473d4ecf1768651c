using Lxcfs.Webhook.Configuration;

namespace Lxcfs.Webhook.Pods;

/// <summary>Decides whether a pod is left without the files, and says why (<see cref="PodSkip"/>).</summary>
public sealed class PodSelection
{
    private static readonly string[] s_osLabels = ["kubernetes.io/os", "beta.kubernetes.io/os"];

    private readonly LxcfsAnnotations _annotations;
    private readonly (string Key, string Value)[] _excludeLabels;
    private readonly HashSet<string> _systemNamespaces;
    private readonly string _mountRoot;

    public PodSelection(WebhookOptions options, LxcfsAnnotations annotations)
    {
        _annotations = annotations;
        _excludeLabels = [.. options.ExcludePodLabels.Select(l => l.Split('=', 2)).Select(p => (p[0], p[1]))];
        _systemNamespaces = new HashSet<string>(options.SystemNamespaces, StringComparer.Ordinal);
        _mountRoot = options.MountRoot.TrimEnd('/');
    }

    /// <summary>Null when the pod is to get the files, else why not. The first reason that holds wins, in the order of <see cref="PodSkip.Reasons"/>.</summary>
    public PodSkip? Skip(PodObject pod, string? podNamespace)
    {
        if (podNamespace is not null && _systemNamespaces.Contains(podNamespace))
        {
            return new PodSkip(PodSkip.SystemNamespace, $"namespace {podNamespace} is a system namespace");
        }

        if (DaemonLabel(pod) is { } label)
        {
            return new PodSkip(PodSkip.Daemon, $"label {label}");
        }

        if (MountsDaemonRoot(pod))
        {
            return new PodSkip(PodSkip.Daemon, $"hostPath {_mountRoot}");
        }

        if (WindowsBy(pod.Spec) is { } how)
        {
            return new PodSkip(PodSkip.Windows, how);
        }

        var annotations = pod.Metadata?.Annotations;
        foreach (var key in _annotations.MutateKeys)
        {
            if (AnnotationValues.ParseBoolean(annotations?.Get(key)) == false)
            {
                return new PodSkip(PodSkip.OptedOut, $"annotation {key}");
            }
        }

        return null;
    }

    private string? DaemonLabel(PodObject pod)
    {
        foreach (var (key, value) in _excludeLabels)
        {
            if (pod.Metadata?.Labels?.Get(key) == value)
            {
                return $"{key}={value}";
            }
        }

        return null;
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

    // A pod is for Windows when it says so (spec.os, 1.23+) or can only be scheduled on Windows nodes: by
    // nodeSelector, or by node affinity whose every term requires the OS label to be windows.
    private static string? WindowsBy(PodSpec? spec)
    {
        if (spec is null)
        {
            return null;
        }

        if (string.Equals(spec.OsName, "windows", StringComparison.OrdinalIgnoreCase))
        {
            return "spec.os.name windows";
        }

        foreach (var label in s_osLabels)
        {
            if (spec.NodeSelector?.Get(label) == "windows")
            {
                return $"nodeSelector {label}=windows";
            }
        }

        return spec.RequiredNodeTerms is { Count: > 0 } terms && terms.All(RequiresWindows)
            ? "required node affinity on windows nodes"
            : null;
    }

    private static bool RequiresWindows(NodeSelectorTerm term) => term.MatchExpressions.Any(r =>
        r.Key is { } key && s_osLabels.Contains(key) && r.Operator == "In" && r.Values.Count > 0 && r.Values.All(v => v == "windows"));
}
