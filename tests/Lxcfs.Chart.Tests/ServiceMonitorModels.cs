using k8s;
using k8s.Models;

namespace Lxcfs.Chart.Tests;

// KubernetesClient has no model for the Prometheus Operator's ServiceMonitor. This carries the
// monitoring.coreos.com/v1 fields the chart may render, so the strict parser rejects anything else.

public sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public ServiceMonitorSpec Spec { get; set; } = new();
}

public sealed class ServiceMonitorSpec
{
    public V1LabelSelector Selector { get; set; } = new();

    public ServiceMonitorNamespaceSelector? NamespaceSelector { get; set; }

    public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];
}

public sealed class ServiceMonitorNamespaceSelector
{
    public List<string>? MatchNames { get; set; }
}

public sealed class ServiceMonitorEndpoint
{
    public string? Port { get; set; }

    public string? Path { get; set; }

    public string? Interval { get; set; }
}
