using System.Text;
using k8s;
using k8s.Models;

namespace Lxcfs.Chart.Tests.Install;

/// <summary>
/// In self-managed mode the webhook writes the Secret's data and both caBundles after the chart
/// installed them. A helm upgrade must keep what it wrote: a reset caBundle would make every call fail
/// until the webhook's next resync, and with failurePolicy Ignore pods would silently start without views.
/// </summary>
[Collection(KubeRig.Collection)]
public sealed class SelfManagedUpgradeTests(KubeRig rig) : IClassFixture<KubeRig>
{
    private const string Release = "selfmanaged";
    private const string ReleaseNamespace = "lxcfs-self";
    private const string Name = "selfmanaged-lxcfs-webhook";

    [Fact]
    public async Task Upgrade_keeps_the_secret_and_ca_bundles_the_webhook_wrote_and_uninstall_removes_them()
    {
        using var certificates = TestCertificates.Create();
        var ca = Encoding.ASCII.GetBytes(certificates.Ca.ExportCertificatePem());
        var client = await rig.StartAsync();
        var install = await rig.HelmAsync("install", Release, RepoPaths.Chart, "-n", ReleaseNamespace, "--create-namespace");
        install.ExitCode.Should().Be(0, install.ToString());

        await WriteLikeTheWebhookAsync(ca);
        var upgrade = await rig.HelmAsync("upgrade", Release, RepoPaths.Chart, "-n", ReleaseNamespace, "--set", "webhook.timeoutSeconds=4");
        upgrade.ExitCode.Should().Be(0, upgrade.ToString());

        var mutating = await client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(Name, cancellationToken: TestContext.Current.CancellationToken);
        var validating = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(Name, cancellationToken: TestContext.Current.CancellationToken);
        mutating.Webhooks.Single().TimeoutSeconds.Should().Be(4, "the upgrade was applied");
        mutating.Webhooks.Single().ClientConfig.CaBundle.Should().Equal(ca);
        validating.Webhooks.Single().ClientConfig.CaBundle.Should().Equal(ca);
        var secret = await client.CoreV1.ReadNamespacedSecretAsync($"{Name}-tls", ReleaseNamespace, cancellationToken: TestContext.Current.CancellationToken);
        secret.Data.Should().ContainKey("tls.crt").WhoseValue.Should().Equal(ca);

        var uninstall = await rig.HelmAsync("uninstall", Release, "-n", ReleaseNamespace);
        uninstall.ExitCode.Should().Be(0, uninstall.ToString());
        (await client.ChartWebhookConfigurationsAsync()).Should().BeEmpty();
        (await client.CoreV1.ListNamespacedSecretAsync(ReleaseNamespace, cancellationToken: TestContext.Current.CancellationToken)).Items
            .Should().NotContain(s => s.Metadata.Name == $"{Name}-tls", "the certificate goes with the release");
    }

    // The same calls the webhook makes (read, then replace): its RBAC allows exactly get and update.
    private async Task WriteLikeTheWebhookAsync(byte[] ca)
    {
        var client = await rig.StartAsync();
        var token = TestContext.Current.CancellationToken;
        var secret = await client.CoreV1.ReadNamespacedSecretAsync($"{Name}-tls", ReleaseNamespace, cancellationToken: token);
        secret.Data = new Dictionary<string, byte[]> { ["tls.crt"] = ca, ["ca.crt"] = ca };
        await client.CoreV1.ReplaceNamespacedSecretAsync(secret, secret.Metadata.Name, ReleaseNamespace, cancellationToken: token);

        var mutating = await client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(Name, cancellationToken: token);
        mutating.Webhooks.Single().ClientConfig.CaBundle = ca;
        await client.AdmissionregistrationV1.ReplaceMutatingWebhookConfigurationAsync(mutating, Name, cancellationToken: token);
        var validating = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(Name, cancellationToken: token);
        validating.Webhooks.Single().ClientConfig.CaBundle = ca;
        await client.AdmissionregistrationV1.ReplaceValidatingWebhookConfigurationAsync(validating, Name, cancellationToken: token);
    }
}
