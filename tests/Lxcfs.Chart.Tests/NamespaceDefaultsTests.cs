using k8s.Models;

namespace Lxcfs.Chart.Tests;

/// <summary>Namespace defaults for the limits environment: on by default, read-only namespace access, and off entirely.</summary>
public sealed class NamespaceDefaultsTests
{
    [Fact]
    public async Task By_default_the_webhook_may_only_get_list_and_watch_namespaces_for_them()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);

        rendered.All<V1ClusterRole>().Single(r => r.Metadata.Name == "lxcfs-webhook-namespaces").Rules.Should().BeEquivalentTo(new[]
        {
            new V1PolicyRule { Verbs = ["get", "list", "watch"], ApiGroups = [""], Resources = ["namespaces"] },
        });
        var binding = rendered.All<V1ClusterRoleBinding>().Single(b => b.Metadata.Name == "lxcfs-webhook-namespaces");
        binding.RoleRef.Name.Should().Be("lxcfs-webhook-namespaces");
        binding.Subjects.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new Rbacv1Subject { Kind = "ServiceAccount", Name = "lxcfs-webhook", NamespaceProperty = "lxcfs" });
        rendered.WebhookEnv("Webhook__NamespaceDefaults__Enabled").Should().Be("true");
    }

    [Fact]
    public async Task Turned_off_with_user_certificates_the_webhook_gets_no_api_access_at_all()
    {
        var rendered = await Rendered.OfAsync(new RenderScenario(
            "no-namespace-defaults",
            "--set", "webhook.namespaceDefaults=false",
            "--set", "certificates.mode=secret",
            "--set", "certificates.secretName=my-webhook-tls",
            "--set", $"certificates.caBundle={RenderScenario.SampleCaBundle}"));

        rendered.All<V1ClusterRole>().Should().BeEmpty();
        rendered.All<V1ClusterRoleBinding>().Should().BeEmpty();
        rendered.Webhook.Spec.Template.Spec.AutomountServiceAccountToken.Should().BeFalse();
        rendered.WebhookEnv("Webhook__NamespaceDefaults__Enabled").Should().Be("false");
    }
}
