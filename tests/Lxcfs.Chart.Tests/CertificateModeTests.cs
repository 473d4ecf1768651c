using k8s.Models;

namespace Lxcfs.Chart.Tests;

/// <summary>The three certificate modes, and the RBAC only the self-managed one needs.</summary>
public sealed class CertificateModeTests
{
    [Fact]
    public async Task Self_managed_lets_the_webhook_fill_one_secret_and_patch_two_configurations_and_nothing_else()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);

        rendered.Single<V1Role>().Rules.Should().BeEquivalentTo(new[]
        {
            new V1PolicyRule { Verbs = ["get", "update", "patch"], ApiGroups = [""], Resources = ["secrets"], ResourceNames = ["lxcfs-webhook-tls"] },
        });
        rendered.All<V1ClusterRole>().Single(r => r.Metadata.Name == "lxcfs-webhook").Rules.Should().BeEquivalentTo(new[]
        {
            new V1PolicyRule
            {
                Verbs = ["get", "update", "patch"],
                ApiGroups = ["admissionregistration.k8s.io"],
                Resources = ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"],
                ResourceNames = ["lxcfs-webhook"],
            },
        });
        var subject = new Rbacv1Subject { Kind = "ServiceAccount", Name = "lxcfs-webhook", NamespaceProperty = "lxcfs" };
        rendered.Single<V1RoleBinding>().Subjects.Should().ContainSingle().Which.Should().BeEquivalentTo(subject);
        rendered.All<V1ClusterRoleBinding>().Single(b => b.Metadata.Name == "lxcfs-webhook").Subjects.Should().ContainSingle().Which.Should().BeEquivalentTo(subject);
        rendered.Webhook.Spec.Template.Spec.ServiceAccountName.Should().Be("lxcfs-webhook");
        rendered.Webhook.Spec.Template.Spec.AutomountServiceAccountToken.Should().BeTrue();
    }

    [Fact]
    public async Task Self_managed_renders_the_secret_empty_and_the_configurations_without_ca_so_upgrades_keep_what_the_webhook_wrote()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);

        var secret = rendered.Single<V1Secret>();
        secret.Metadata.Name.Should().Be("lxcfs-webhook-tls");
        secret.Data.Should().BeNull();
        secret.StringData.Should().BeNull();
        WebhookConfigurationTests.ClientConfig(rendered, mutating: true).CaBundle.Should().BeNull();
        WebhookConfigurationTests.ClientConfig(rendered, mutating: false).CaBundle.Should().BeNull();
        rendered.WebhookEnv("Tls__Mode").Should().Be("SelfManaged");
        rendered.WebhookEnv("Tls__SelfManaged__SecretName").Should().Be("lxcfs-webhook-tls");
        rendered.WebhookEnv("Tls__SelfManaged__MutatingWebhookConfiguration").Should().Be("lxcfs-webhook");
        rendered.WebhookEnv("Tls__SelfManaged__ValidatingWebhookConfiguration").Should().Be("lxcfs-webhook");
        rendered.WebhookEnv("Tls__SelfManaged__ServiceName").Should().Be("lxcfs-webhook");
        rendered.WebhookContainer.Env.Single(e => e.Name == "Tls__SelfManaged__Namespace").ValueFrom.FieldRef.FieldPath
            .Should().Be("metadata.namespace");
        rendered.WebhookEnv("Tls__CertFile").Should().BeNull();
    }

    [Fact]
    public async Task Cert_manager_issues_for_the_service_and_injects_its_CA_into_both_configurations()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.CertManager);

        var certificate = rendered.Single<CertManagerCertificate>();
        certificate.Spec.SecretName.Should().Be("lxcfs-webhook-tls");
        certificate.Spec.DnsNames.Should().Contain("lxcfs-webhook.lxcfs.svc");
        certificate.Spec.IssuerRef.Should().BeEquivalentTo(new IssuerReference { Name = "lxcfs-webhook-selfsigned", Kind = "Issuer" });
        rendered.Single<CertManagerIssuer>().Spec.SelfSigned.Should().NotBeNull();
        rendered.Single<V1MutatingWebhookConfiguration>().Metadata.Annotations
            .Should().Contain("cert-manager.io/inject-ca-from", "lxcfs/lxcfs-webhook");
        rendered.Single<V1ValidatingWebhookConfiguration>().Metadata.Annotations
            .Should().Contain("cert-manager.io/inject-ca-from", "lxcfs/lxcfs-webhook");
        AssertMountsTlsSecret(rendered, "lxcfs-webhook-tls");
    }

    [Fact]
    public async Task Cert_manager_can_use_an_existing_cluster_issuer()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.CertManagerIssuer);

        rendered.All<CertManagerIssuer>().Should().BeEmpty();
        rendered.Single<CertManagerCertificate>().Spec.IssuerRef.Should().BeEquivalentTo(
            new IssuerReference { Name = "corp-ca", Kind = "ClusterIssuer" });
    }

    [Fact]
    public async Task User_secret_is_mounted_and_its_CA_written_into_both_configurations()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.UserSecret);

        rendered.All<V1Secret>().Should().BeEmpty("the user owns the Secret");
        WebhookConfigurationTests.ClientConfig(rendered, mutating: true).CaBundle
            .Should().Equal(Convert.FromBase64String(RenderScenario.SampleCaBundle));
        WebhookConfigurationTests.ClientConfig(rendered, mutating: false).CaBundle
            .Should().Equal(Convert.FromBase64String(RenderScenario.SampleCaBundle));
        AssertMountsTlsSecret(rendered, "my-webhook-tls");
    }

    private static void AssertMountsTlsSecret(Rendered rendered, string secretName)
    {
        rendered.All<V1Role>().Should().BeEmpty("only self-managed certificates need the Secret");
        rendered.All<V1ClusterRole>().Select(r => r.Metadata.Name).Should().Equal(["lxcfs-webhook-namespaces"], "only the namespace-defaults watch reads from the API server");
        rendered.Webhook.Spec.Template.Spec.AutomountServiceAccountToken.Should().BeTrue("the namespace-defaults watch needs the token");
        var mount = rendered.WebhookContainer.VolumeMounts.Should().ContainSingle(m => m.MountPath == "/etc/lxcfs-webhook/tls").Subject;
        mount.ReadOnlyProperty.Should().BeTrue();
        mount.SubPath.Should().BeNull("a subPath mount never sees a renewed certificate");
        rendered.Webhook.Spec.Template.Spec.Volumes.Single(v => v.Name == mount.Name).Secret.SecretName.Should().Be(secretName);
        rendered.WebhookEnv("Tls__Mode").Should().Be("Files");
        rendered.WebhookEnv("Tls__CertFile").Should().Be("/etc/lxcfs-webhook/tls/tls.crt");
        rendered.WebhookEnv("Tls__KeyFile").Should().Be("/etc/lxcfs-webhook/tls/tls.key");
    }
}
