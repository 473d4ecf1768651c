namespace Lxcfs.Webhook.Configuration;

/// <summary>
/// Namespace-wide defaults for the per-pod switches (section "Webhook:NamespaceDefaults"): when enabled,
/// namespaces are listed and watched from the API server into a cache, so that admission never waits
/// for the API server.
/// </summary>
public sealed class NamespaceDefaultsOptions
{
    public bool Enabled { get; set; }

    /// <summary>Kubeconfig file; empty means in-cluster configuration.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Pause before listing again after a watch failed or the API server could not be reached.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
