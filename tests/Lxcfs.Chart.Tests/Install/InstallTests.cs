using k8s;
using k8s.Models;

namespace Lxcfs.Chart.Tests.Install;

/// <summary>
/// helm install, upgrade and uninstall on a real kube-apiserver v1.20.2. The webhook configurations
/// point at a URL served by this test (<see cref="RecordingWebhook"/>), so the API server's own
/// decisions are observed: which pods it sends, and that nothing is left to break pod creation.
/// </summary>
[Collection(KubeRig.Collection)]
public sealed class InstallTests(KubeRig rig) : IClassFixture<KubeRig>
{
    private const string Release = "lxcfs-webhook";
    private const string ReleaseNamespace = "lxcfs";
    private const string OptedIn = "team-on";
    private const string NotOptedIn = "team-off";

    [Fact]
    public async Task Install_sends_only_opted_in_pods_upgrade_keeps_it_and_uninstall_leaves_no_webhook_behind()
    {
        using var certificates = TestCertificates.Create();
        await using var webhook = await RecordingWebhook.StartAsync(certificates);
        var client = await rig.StartAsync();
        string[] values = ["--set", $"webhook.url={webhook.Url}", "--set", $"certificates.caBundle={certificates.CaBundle}"];

        var install = await rig.HelmAsync(["install", Release, RepoPaths.Chart, "-n", ReleaseNamespace, "--create-namespace", .. values]);
        install.ExitCode.Should().Be(0, install.ToString());
        install.Stdout.Should().Contain("kubectl label namespace <namespace> lxcfs-admission-webhook=enabled", "NOTES.txt tells how to opt in");

        await AssertStoredObjectsFit120Async(client);
        await client.CreateNamespaceAsync(OptedIn, new Dictionary<string, string> { ["lxcfs-admission-webhook"] = "enabled" });
        await client.CreateNamespaceAsync(NotOptedIn);
        // 1.21+ servers label every namespace with its name; this 1.20 one does not, so do it here.
        await client.CoreV1.PatchNamespaceAsync(
            new V1Patch("""{"metadata":{"labels":{"lxcfs-admission-webhook":"enabled","kubernetes.io/metadata.name":"lxcfs"}}}""", V1Patch.PatchType.MergePatch),
            ReleaseNamespace,
            cancellationToken: TestContext.Current.CancellationToken);

        (await client.CreatePodAsync(OptedIn, "opted-in")).WasMutated().Should().BeTrue();
        (await client.CreatePodAsync(NotOptedIn, "not-opted-in")).WasMutated().Should().BeFalse();
        (await client.CreatePodAsync(OptedIn, "labelled-out", new Dictionary<string, string> { ["lxcfs-admission-webhook"] = "disabled" }))
            .WasMutated().Should().BeFalse();
        (await client.CreatePodAsync(OptedIn, "inject-false", new Dictionary<string, string> { ["lxcfs-admission-webhook/inject"] = "false" }))
            .WasMutated().Should().BeFalse();
        (await client.CreatePodAsync(OptedIn, "chart-own", new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "lxcfs-webhook" }))
            .WasMutated().Should().BeFalse();
        (await client.CreatePodAsync(ReleaseNamespace, "in-release-namespace")).WasMutated().Should().BeFalse();
        webhook.Calls.Should().BeEquivalentTo(new[]
        {
            new AdmissionCall("/mutate", OptedIn, "opted-in"),
            new AdmissionCall("/validate", OptedIn, "opted-in"),
        });

        var upgrade = await rig.HelmAsync(["upgrade", Release, RepoPaths.Chart, "-n", ReleaseNamespace, .. values, "--set", "webhook.timeoutSeconds=3"]);
        upgrade.ExitCode.Should().Be(0, upgrade.ToString());
        var upgraded = await client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(
            "lxcfs-webhook", cancellationToken: TestContext.Current.CancellationToken);
        upgraded.Webhooks.Should().ContainSingle().Which.TimeoutSeconds.Should().Be(3);
        (await client.ChartWebhookConfigurationsAsync()).Should().BeEquivalentTo(
            "MutatingWebhookConfiguration/lxcfs-webhook", "ValidatingWebhookConfiguration/lxcfs-webhook");
        (await client.CreatePodAsync(OptedIn, "after-upgrade")).WasMutated().Should().BeTrue();

        var uninstall = await rig.HelmAsync("uninstall", Release, "-n", ReleaseNamespace);
        uninstall.ExitCode.Should().Be(0, uninstall.ToString());
        (await client.ChartWebhookConfigurationsAsync()).Should().BeEmpty();
        await AssertNothingLeftAsync(client);
        var callsBefore = webhook.Calls.Count;
        (await client.CreatePodAsync(OptedIn, "after-uninstall")).WasMutated().Should().BeFalse();
        webhook.Calls.Should().HaveCount(callsBefore);
    }

    [Fact]
    public async Task With_default_values_an_unreachable_webhook_never_blocks_pod_creation()
    {
        var client = await rig.StartAsync();
        const string ns = "unreachable-on";

        var install = await rig.HelmAsync("install", "outage", RepoPaths.Chart, "-n", "lxcfs-outage", "--create-namespace");
        install.ExitCode.Should().Be(0, install.ToString());
        try
        {
            await client.CreateNamespaceAsync(ns, new Dictionary<string, string> { ["lxcfs-admission-webhook"] = "enabled" });
            var started = TimeProvider.System.GetTimestamp();

            // No endpoints, no kube-proxy: the call to the Service fails and failurePolicy Ignore admits the pod.
            var pod = await client.CreatePodAsync(ns, "during-outage");

            pod.Metadata.CreationTimestamp.Should().NotBeNull();
            pod.Spec.Volumes.Should().BeNull();
            TimeProvider.System.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(20), "timeoutSeconds bounds each call");
        }
        finally
        {
            var uninstall = await rig.HelmAsync("uninstall", "outage", "-n", "lxcfs-outage");
            uninstall.ExitCode.Should().Be(0, uninstall.ToString());
        }

        (await client.ChartWebhookConfigurationsAsync()).Should().BeEmpty();
    }

    // What helm installed was rendered for the server's own API versions: 1.20 has no policy/v1 and no
    // DaemonSet surge, and the API server accepted every object.
    private async Task AssertStoredObjectsFit120Async(IKubernetes client)
    {
        var manifest = await rig.HelmAsync("get", "manifest", Release, "-n", ReleaseNamespace);
        manifest.ExitCode.Should().Be(0, manifest.ToString());
        var objects = StrictManifests.Parse(manifest.Stdout);
        objects.OfType<V1PodDisruptionBudget>().Should().ContainSingle().Which.ApiVersion.Should().Be("policy/v1beta1");

        var daemon = await client.AppsV1.ReadNamespacedDaemonSetAsync("lxcfs-webhook-daemon", ReleaseNamespace);
        daemon.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable.Value.Should().Be("1");
        daemon.Spec.Template.Spec.PriorityClassName.Should().Be("system-node-critical");
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("lxcfs-webhook", ReleaseNamespace);
        deployment.Spec.Replicas.Should().Be(2);
        var mutating = await client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync("lxcfs-webhook");
        mutating.Webhooks.Single().ReinvocationPolicy.Should().Be("IfNeeded");
    }

    private static async Task AssertNothingLeftAsync(IKubernetes client)
    {
        (await client.AppsV1.ListNamespacedDaemonSetAsync(ReleaseNamespace)).Items.Should().BeEmpty();
        (await client.AppsV1.ListNamespacedDeploymentAsync(ReleaseNamespace)).Items.Should().BeEmpty();
        (await client.CoreV1.ListNamespacedServiceAsync(ReleaseNamespace)).Items.Should().BeEmpty();
        (await client.CoreV1.ListNamespacedSecretAsync(ReleaseNamespace)).Items.Should().NotContain(s => s.Metadata.Name.StartsWith("lxcfs-webhook", StringComparison.Ordinal));
        (await client.RbacAuthorizationV1.ListClusterRoleAsync()).Items.Should().NotContain(r => r.Metadata.Name == "lxcfs-webhook");
        (await client.RbacAuthorizationV1.ListClusterRoleBindingAsync()).Items.Should().NotContain(r => r.Metadata.Name == "lxcfs-webhook");
    }
}
