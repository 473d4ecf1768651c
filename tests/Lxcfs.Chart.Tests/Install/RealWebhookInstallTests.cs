using k8s.Autorest;
using k8s.Models;

namespace Lxcfs.Chart.Tests.Install;

/// <summary>
/// The chart and the project's own webhook together on a real kube-apiserver v1.20.2: the webhook runs
/// as a local process with the environment the chart renders, the configurations point at its URL.
/// </summary>
[Collection(KubeRig.Collection)]
public sealed class RealWebhookInstallTests(KubeRig rig) : IClassFixture<KubeRig>
{
    private const string Release = "real";
    private const string ReleaseNamespace = "lxcfs-real";

    private static readonly string[] s_files =
    [
        "/proc/cpuinfo", "/proc/diskstats", "/proc/meminfo", "/proc/stat", "/proc/swaps", "/proc/uptime",
        "/proc/loadavg", "/sys/devices/system/cpu/online",
    ];

    [Fact]
    public async Task Opted_in_pods_get_every_file_mounted_from_the_daemon_and_no_other_pod_is_touched()
    {
        using var certificates = TestCertificates.Create();
        var scenario = new RenderScenario("local", "--set", "webhook.url=https://127.0.0.1:1", "--set", $"certificates.caBundle={certificates.CaBundle}");
        var chartEnvironment = (await Rendered.OfAsync(scenario)).WebhookContainer.Env
            .Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value);
        // Outside the cluster the namespace-defaults watch reaches the API server through the rig's kubeconfig.
        chartEnvironment["Webhook__NamespaceDefaults__Kubeconfig"] = rig.Kubeconfig;
        await using var webhook = await WebhookProcess.StartAsync(certificates, chartEnvironment);
        var client = await rig.StartAsync();

        var install = await rig.HelmAsync(
            "install", Release, RepoPaths.Chart, "-n", ReleaseNamespace, "--create-namespace",
            "--set", $"webhook.url={webhook.Url}", "--set", $"certificates.caBundle={certificates.CaBundle}");
        install.ExitCode.Should().Be(0, install.ToString());
        try
        {
            await client.CreateNamespaceAsync("real-on", new Dictionary<string, string> { ["lxcfs-admission-webhook"] = "enabled" });
            await client.CreateNamespaceAsync("real-off");

            var mutated = await client.CreatePodAsync("real-on", "opted-in");
            var untouched = await client.CreatePodAsync("real-off", "not-opted-in");
            var optedOut = await client.CreatePodAsync("real-on", "opted-out", annotations: new Dictionary<string, string>
            {
                ["lxcfs-admission-webhook/mutate"] = "false",
            });
            var typo = () => client.CreatePodAsync("real-on", "typo", annotations: new Dictionary<string, string>
            {
                ["lxcfs-admission-webhook/mutate"] = "flase",
            });

            AssertMountsEveryFile(mutated, webhook);
            untouched.Spec.Volumes.Should().BeNull();
            untouched.Spec.Containers.Single().VolumeMounts.Should().BeNull();
            optedOut.Spec.Volumes.Should().BeNull();
            optedOut.Metadata.Annotations.Should().Contain("lxcfs-admission-webhook/status", "skipped: opted-out", "the pod says why it was left alone");
            (await typo.Should().ThrowAsync<HttpOperationException>()).Which.Response.Content
                .Should().Contain("lxcfs-admission-webhook/mutate").And.Contain("flase");
        }
        finally
        {
            var uninstall = await rig.HelmAsync("uninstall", Release, "-n", ReleaseNamespace);
            uninstall.ExitCode.Should().Be(0, uninstall.ToString());
        }

        (await client.ChartWebhookConfigurationsAsync()).Should().BeEmpty();
    }

    private static void AssertMountsEveryFile(V1Pod pod, WebhookProcess webhook)
    {
        pod.Metadata.Annotations.Should().Contain("lxcfs-admission-webhook/status", "mutated", webhook.Output);
        var volumes = pod.Spec.Volumes.Should().HaveCount(s_files.Length).And.Subject.ToDictionary(v => v.Name);
        var mounts = pod.Spec.Containers.Single().VolumeMounts;
        mounts.Select(m => m.MountPath).Should().BeEquivalentTo(s_files);
        foreach (var mount in mounts)
        {
            volumes[mount.Name].HostPath.Should().BeEquivalentTo(
                new V1HostPathVolumeSource { Path = "/var/lib/lxcfs" + mount.MountPath, Type = "File" },
                "type File makes the kubelet wait for the daemon instead of creating a directory");
        }
    }
}
