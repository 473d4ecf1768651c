using k8s.Models;

namespace Lxcfs.Chart.Tests;

/// <summary>Every scenario renders, every object parses strictly, and each scenario renders the objects it should.</summary>
public sealed class RenderedObjectsTests
{
    private static readonly string[] s_always =
    [
        "DaemonSet/lxcfs-webhook-daemon", "Deployment/lxcfs-webhook", "Service/lxcfs-webhook",
        "ServiceAccount/lxcfs-webhook", "ServiceAccount/lxcfs-webhook-daemon", "PodDisruptionBudget/lxcfs-webhook",
        "MutatingWebhookConfiguration/lxcfs-webhook", "ValidatingWebhookConfiguration/lxcfs-webhook",
        "ClusterRole/lxcfs-webhook-namespaces", "ClusterRoleBinding/lxcfs-webhook-namespaces",
    ];

    private static readonly string[] s_selfManaged =
    [
        "Secret/lxcfs-webhook-tls", "Role/lxcfs-webhook", "RoleBinding/lxcfs-webhook",
        "ClusterRole/lxcfs-webhook", "ClusterRoleBinding/lxcfs-webhook",
    ];

    public static TheoryData<string, string[]> ExpectedObjects => new()
    {
        { "default", [.. s_always, .. s_selfManaged] },
        { "url", [.. s_always, .. s_selfManaged] },
        { "kube-1.20", [.. s_always, .. s_selfManaged] },
        { "cert-manager", [.. s_always, "Issuer/lxcfs-webhook-selfsigned", "Certificate/lxcfs-webhook"] },
        { "cert-manager-cluster-issuer", [.. s_always, "Certificate/lxcfs-webhook"] },
        { "secret", s_always },
    };

    [Theory]
    [MemberData(nameof(ExpectedObjects))]
    public async Task Scenario_renders_exactly_its_objects_all_parsed_strictly(string scenario, string[] expected)
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Named(scenario));

        rendered.ReleaseObjects.Select(o => $"{o.Kind}/{o.Metadata.Name}").Should().BeEquivalentTo(expected);
    }

    [Theory]
    [MemberData(nameof(RenderScenario.Names), MemberType = typeof(RenderScenario))]
    public async Task Every_object_is_labelled_as_part_of_the_chart(string scenario)
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Named(scenario));

        rendered.ReleaseObjects.Should().AllSatisfy(o =>
        {
            o.Metadata.Labels.Should().Contain("app.kubernetes.io/part-of", "lxcfs-webhook");
            o.Metadata.Labels.Should().Contain("app.kubernetes.io/managed-by", "Helm");
        });
    }

    [Fact]
    public async Task Helm_test_checks_a_labelled_pod_sees_its_memory_limit_and_cpu_count()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);

        var hooks = rendered.Objects.Where(o => o.Metadata.Annotations?.TryGetValue("helm.sh/hook", out var hook) == true && hook == "test").ToList();
        var ns = hooks.OfType<V1Namespace>().Should().ContainSingle().Subject;
        ns.Metadata.Labels.Should().Contain("lxcfs-admission-webhook", "enabled");
        var pod = hooks.OfType<V1Pod>().Should().ContainSingle().Subject;
        pod.Metadata.NamespaceProperty.Should().Be(ns.Metadata.Name);
        pod.Metadata.Labels.Should().BeNull("the objectSelector would keep the chart's own labelled pods away from the webhook");
        var container = pod.Spec.Containers.Should().ContainSingle().Subject;
        container.Resources.Limits["memory"].ToString().Should().Be("128Mi");
        container.Resources.Limits["cpu"].ToString().Should().Be("500m");
        container.Env.Should().ContainEquivalentOf(new V1EnvVar { Name = "WANT_KB", Value = "131072" })
            .And.ContainEquivalentOf(new V1EnvVar { Name = "WANT_CPUS", Value = "1" });
        container.Command.Should().HaveCount(3).And.Subject.Last().Should().Contain("/proc/meminfo").And.Contain("/proc/cpuinfo");
    }
}
