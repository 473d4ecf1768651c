using System.Collections.Concurrent;
using System.Collections.Frozen;
using Lxcfs.Webhook.Pods;

namespace Lxcfs.Webhook.Namespaces;

/// <summary>
/// The annotations of every namespace that carries one of the keys a namespace may default (the
/// limits-environment switches), kept up to date by <see cref="NamespaceWatcher"/>. Reads are lock-free
/// dictionary lookups: admission never waits for the API server. Namespaces without such an annotation
/// are not stored.
/// </summary>
public sealed class NamespaceAnnotationCache
{
    private readonly string[] _keys;
    private ConcurrentDictionary<string, FrozenDictionary<string, string>> _namespaces = new(StringComparer.Ordinal);

    public NamespaceAnnotationCache(LxcfsAnnotations annotations) => _keys = [.. annotations.NamespaceDefaultKeys];

    /// <summary>Whether a full list has been loaded at least once.</summary>
    public bool Synced { get; private set; }

    /// <summary>The namespace's relevant annotations; null when it has none (or is not known).</summary>
    public IReadOnlyDictionary<string, string>? For(string? ns) =>
        ns is not null && _namespaces.TryGetValue(ns, out var annotations) ? annotations : null;

    /// <summary>A namespace was added or changed.</summary>
    public void Set(string name, IDictionary<string, string>? annotations)
    {
        var relevant = Relevant(annotations);
        if (relevant is null)
        {
            _namespaces.TryRemove(name, out _);
        }
        else
        {
            _namespaces[name] = relevant;
        }
    }

    public void Remove(string name) => _namespaces.TryRemove(name, out _);

    /// <summary>A full list replaces everything: namespaces deleted while no watch was open disappear.</summary>
    public void ReplaceAll(IEnumerable<(string Name, IDictionary<string, string>? Annotations)> namespaces)
    {
        var fresh = new ConcurrentDictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (name, annotations) in namespaces)
        {
            if (Relevant(annotations) is { } relevant)
            {
                fresh[name] = relevant;
            }
        }

        _namespaces = fresh;
        Synced = true;
    }

    private FrozenDictionary<string, string>? Relevant(IDictionary<string, string>? annotations)
    {
        if (annotations is null)
        {
            return null;
        }

        var relevant = _keys.Where(annotations.ContainsKey).ToDictionary(k => k, k => annotations[k], StringComparer.Ordinal);
        return relevant.Count == 0 ? null : relevant.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
