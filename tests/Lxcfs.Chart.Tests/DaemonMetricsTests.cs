using k8s.Models;

namespace Lxcfs.Chart.Tests;

/// <summary>The daemon's metrics port: on by default, annotated for scrapers, optionally a ServiceMonitor.</summary>
public sealed class DaemonMetricsTests
{
    [Fact]
    public async Task By_default_the_daemon_serves_metrics_on_a_named_port_its_pod_annotates_for_scrapers()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);

        rendered.DaemonContainer.Args.Should().ContainInConsecutiveOrder("--metrics-address", "0.0.0.0:9883");
        rendered.DaemonContainer.Ports.Should().ContainSingle().Which.Should().BeEquivalentTo(new V1ContainerPort { Name = "metrics", ContainerPort = 9883, Protocol = "TCP" });
        rendered.Daemon.Spec.Template.Metadata.Annotations.Should().Equal(new Dictionary<string, string>
        {
            ["prometheus.io/scrape"] = "true",
            ["prometheus.io/port"] = "9883",
            ["prometheus.io/path"] = "/metrics",
        });
        rendered.All<ServiceMonitor>().Should().BeEmpty("a ServiceMonitor needs the Prometheus Operator's CRD: opt-in");
        rendered.All<V1Service>().Should().NotContain(s => s.Metadata.Name.EndsWith("-metrics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_exec_probes_stay_they_read_a_file_through_the_whole_fuse_path()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);

        rendered.DaemonContainer.LivenessProbe.HttpGet.Should().BeNull();
        rendered.DaemonContainer.ReadinessProbe.Exec.Command.Should().Equal("cat", "/var/lib/lxcfs/proc/uptime");
    }

    [Fact]
    public async Task Disabled_there_is_no_flag_no_port_and_no_scrape_annotation_but_the_pod_s_own_annotations_stay()
    {
        var rendered = await Rendered.OfAsync(new RenderScenario(
            "metrics-off", "--set", "daemon.metrics.enabled=false", "--set", "daemon.podAnnotations.team=nodes"));

        rendered.DaemonContainer.Args.Should().NotContain("--metrics-address");
        rendered.DaemonContainer.Ports.Should().BeNullOrEmpty();
        rendered.Daemon.Spec.Template.Metadata.Annotations.Should().Equal(new Dictionary<string, string> { ["team"] = "nodes" });
    }

    [Fact]
    public async Task Port_and_an_ipv6_bind_address_are_values_and_the_pod_s_annotations_win()
    {
        var rendered = await Rendered.OfAsync(new RenderScenario(
            "metrics-port", "--set", "daemon.metrics.port=19100", "--set", "daemon.metrics.bindAddress=::",
            "--set-string", "daemon.podAnnotations.prometheus\\.io/scrape=false"));

        rendered.DaemonContainer.Args.Should().ContainInConsecutiveOrder("--metrics-address", "[::]:19100");
        rendered.DaemonContainer.Ports.Should().ContainSingle().Which.ContainerPort.Should().Be(19100);
        rendered.Daemon.Spec.Template.Metadata.Annotations.Should().Contain("prometheus.io/port", "19100").And.Contain("prometheus.io/scrape", "false");
    }

    [Fact]
    public async Task A_service_monitor_scrapes_every_daemon_pod_through_a_headless_service()
    {
        var rendered = await Rendered.OfAsync(new RenderScenario(
            "service-monitor", "--set", "daemon.metrics.serviceMonitor.enabled=true", "--set", "daemon.metrics.serviceMonitor.interval=30s",
            "--set", "daemon.metrics.serviceMonitor.labels.release=prometheus"));

        var podLabels = rendered.Daemon.Spec.Selector.MatchLabels;
        var service = rendered.All<V1Service>().Should().ContainSingle(s => s.Metadata.Name.EndsWith("-metrics", StringComparison.Ordinal)).Subject;
        service.Spec.ClusterIP.Should().Be("None", "each pod is scraped, none is load-balanced to");
        service.Spec.Selector.Should().Equal(podLabels);
        service.Spec.Ports.Should().ContainSingle().Which.Should().BeEquivalentTo(new V1ServicePort { Name = "metrics", Port = 9883, TargetPort = "metrics", Protocol = "TCP" });
        var monitor = rendered.Single<ServiceMonitor>();
        monitor.ApiVersion.Should().Be("monitoring.coreos.com/v1");
        monitor.Metadata.Labels.Should().Contain("release", "prometheus");
        monitor.Metadata.NamespaceProperty.Should().Be(service.Metadata.NamespaceProperty);
        monitor.Spec.Selector.MatchLabels.Should().Equal(podLabels).And.BeSubsetOf(service.Metadata.Labels);
        monitor.Spec.NamespaceSelector!.MatchNames.Should().Equal(service.Metadata.NamespaceProperty);
        monitor.Spec.Endpoints.Should().ContainSingle().Which.Should().BeEquivalentTo(new ServiceMonitorEndpoint { Port = "metrics", Path = "/metrics", Interval = "30s" });
    }

    [Fact]
    public async Task A_service_monitor_without_metrics_renders_nothing()
    {
        var rendered = await Rendered.OfAsync(new RenderScenario(
            "service-monitor-off", "--set", "daemon.metrics.enabled=false", "--set", "daemon.metrics.serviceMonitor.enabled=true"));

        rendered.All<ServiceMonitor>().Should().BeEmpty();
    }
}
