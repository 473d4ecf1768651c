using Lxcfs.Webhook.Configuration;

namespace Lxcfs.Webhook.Pods;

/// <summary>The annotation keys in use, derived once from the configured prefixes.</summary>
public sealed class LxcfsAnnotations
{
    public LxcfsAnnotations(WebhookOptions options)
    {
        MutateKeys = [.. options.AnnotationPrefixes.Select(p => p + "/mutate")];
        StatusKeys = [.. options.AnnotationPrefixes.Select(p => p + "/status")];
        StatusKey = StatusKeys[0];
        InjectEnvKey = options.PrimaryPrefix + "/inject-env";
        InjectThreadEnvKey = options.PrimaryPrefix + "/inject-thread-env";
    }

    /// <summary>"&lt;prefix&gt;/mutate" for every honoured prefix: "false" (or "no", "off"…) opts a pod out.</summary>
    public IReadOnlyList<string> MutateKeys { get; }

    /// <summary>"&lt;prefix&gt;/status" for every honoured prefix: "mutated" marks a pod as done.</summary>
    public IReadOnlyList<string> StatusKeys { get; }

    /// <summary>The status key this webhook writes.</summary>
    public string StatusKey { get; }

    /// <summary>Opt-in: environment variables derived from each container's limits.</summary>
    public string InjectEnvKey { get; }

    /// <summary>Opt-in on top of <see cref="InjectEnvKey"/>: GOMAXPROCS and OMP_NUM_THREADS too.</summary>
    public string InjectThreadEnvKey { get; }

    /// <summary>The keys a namespace annotation may set as the default for its pods (a pod's own value wins).</summary>
    public IEnumerable<string> NamespaceDefaultKeys => [InjectEnvKey, InjectThreadEnvKey];

    public IEnumerable<string> BooleanKeys => MutateKeys.Append(InjectEnvKey).Append(InjectThreadEnvKey);
}
