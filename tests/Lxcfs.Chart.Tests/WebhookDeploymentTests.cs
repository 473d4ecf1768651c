using k8s.Models;

namespace Lxcfs.Chart.Tests;

/// <summary>The webhook workload: locked down, spread, always one replica up, configured by environment.</summary>
public sealed class WebhookDeploymentTests
{
    [Theory]
    [MemberData(nameof(RenderScenario.Names), MemberType = typeof(RenderScenario))]
    public async Task Webhook_runs_non_root_on_a_read_only_root_with_no_capabilities(string scenario)
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Named(scenario));
        var pod = rendered.Webhook.Spec.Template.Spec;
        var security = rendered.WebhookContainer.SecurityContext;

        pod.SecurityContext.RunAsNonRoot.Should().BeTrue();
        pod.SecurityContext.RunAsUser.Should().BeGreaterThan(0);
        pod.SecurityContext.SeccompProfile.Type.Should().Be("RuntimeDefault");
        security.RunAsNonRoot.Should().BeTrue();
        security.ReadOnlyRootFilesystem.Should().BeTrue();
        security.AllowPrivilegeEscalation.Should().BeFalse();
        security.Privileged.Should().NotBe(true);
        security.Capabilities.Drop.Should().Equal("ALL");
        security.Capabilities.Add.Should().BeNull();
        rendered.WebhookContainer.VolumeMounts.Should().Contain(m => m.MountPath == "/tmp", "ASP.NET needs one writable directory");
    }

    [Fact]
    public async Task Two_replicas_spread_over_nodes_with_a_disruption_budget()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);
        var pod = rendered.Webhook.Spec.Template.Spec;
        var selector = rendered.Webhook.Spec.Selector.MatchLabels;

        rendered.Webhook.Spec.Replicas.Should().Be(2);
        rendered.Webhook.Spec.Strategy.RollingUpdate.MaxUnavailable.Value.Should().Be("0");
        pod.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution.Should().ContainSingle()
            .Which.PodAffinityTerm.Should().Match<V1PodAffinityTerm>(t =>
                t.TopologyKey == "kubernetes.io/hostname" && t.LabelSelector.MatchLabels.SequenceEqual(selector));
        pod.TopologySpreadConstraints.Should().ContainSingle().Which.TopologyKey.Should().Be("kubernetes.io/hostname");
        var pdb = rendered.Single<V1PodDisruptionBudget>();
        pdb.ApiVersion.Should().Be("policy/v1");
        pdb.Spec.MaxUnavailable.Value.Should().Be("1", "with two replicas one always serves, and a single replica never blocks a drain");
        pdb.Spec.MinAvailable.Should().BeNull();
        pdb.Spec.Selector.MatchLabels.Should().Equal(selector);
        rendered.Single<V1Service>().Spec.Selector.Should().Equal(selector);
    }

    [Fact]
    public async Task Admission_is_https_on_the_port_value_and_probes_use_the_health_port()
    {
        var rendered = await Rendered.OfAsync(new RenderScenario("port", "--set", "webhook.port=9443", "--set", "webhook.healthPort=9080"));
        var container = rendered.WebhookContainer;

        container.Ports.Should().BeEquivalentTo(new[]
        {
            new V1ContainerPort { ContainerPort = 9443, Name = "https", Protocol = "TCP" },
            new V1ContainerPort { ContainerPort = 9080, Name = "health", Protocol = "TCP" },
        });
        container.ReadinessProbe.HttpGet.Should().BeEquivalentTo(new V1HTTPGetAction { Port = "health", Path = "/readyz", Scheme = "HTTP" });
        container.LivenessProbe.HttpGet.Should().BeEquivalentTo(new V1HTTPGetAction { Port = "health", Path = "/healthz", Scheme = "HTTP" });
        rendered.WebhookEnv("Tls__HttpsPort").Should().Be("9443");
        rendered.WebhookEnv("Tls__HealthPort").Should().Be("9080");
        var servicePort = rendered.Single<V1Service>().Spec.Ports.Should().ContainSingle("only admission is exposed").Subject;
        servicePort.TargetPort.Value.Should().Be("https");
    }

    [Fact]
    public async Task Requests_and_limits_are_set()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);

        rendered.WebhookContainer.Resources.Requests.Keys.Should().BeEquivalentTo("cpu", "memory");
        rendered.WebhookContainer.Resources.Limits.Keys.Should().BeEquivalentTo("cpu", "memory");
        rendered.DaemonContainer.Resources.Limits.Keys.Should().Contain("memory");
    }

    [Fact]
    public async Task File_list_label_and_annotation_keys_reach_the_webhook_in_order()
    {
        var rendered = await Rendered.OfAsync(new RenderScenario(
            "files", "--set", "files={/proc/meminfo,/proc/cpuinfo}", "--set", "selector.namespaceLabel=example.com/lxcfs",
            "--set", "annotationPrefix=lxcfs.example.com"));

        rendered.WebhookContainer.Env.Where(e => e.Name.StartsWith("Webhook__Files__", StringComparison.Ordinal))
            .Select(e => (e.Name, e.Value)).Should().Equal(("Webhook__Files__0", "/proc/meminfo"), ("Webhook__Files__1", "/proc/cpuinfo"));
        rendered.WebhookEnv("Webhook__NamespaceLabel").Should().Be("example.com/lxcfs=enabled");
        rendered.WebhookEnv("Webhook__AnnotationPrefixes__0").Should().Be("lxcfs.example.com");
        rendered.WebhookEnv("Webhook__ExcludePodLabels__0").Should().Be("app.kubernetes.io/part-of=lxcfs-webhook");
        rendered.Single<V1MutatingWebhookConfiguration>().Webhooks.Single().NamespaceSelector.MatchExpressions[0].Key
            .Should().Be("example.com/lxcfs");
    }

    [Fact]
    public async Task Images_are_values_and_default_to_the_app_version()
    {
        var rendered = await Rendered.OfAsync(new RenderScenario(
            "images", "--set", "webhook.image.repository=registry.example/lw", "--set", "webhook.image.tag=1.2.3"));

        rendered.WebhookContainer.Image.Should().Be("registry.example/lw:1.2.3");
        rendered.DaemonContainer.Image.Should().Be("lxcfs-webhook/lxcfs-daemon:0.1.0");
    }
}
