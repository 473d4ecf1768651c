using System.Text.Json.Nodes;
using Lxcfs.Webhook.Tests.Support;
using static Lxcfs.Webhook.Tests.Support.PodAssertions;

namespace Lxcfs.Webhook.Tests.EndToEnd;

/// <summary>
/// A real kube-apiserver calls the real webhook (HTTPS on loopback, registered by URL with its CA) and
/// stores what comes out. Pods stay Pending: there is no scheduler or kubelet, and none is needed.
/// </summary>
[Collection(KubeRigGroup.Name)]
public sealed class ApiServerAdmissionTests : IAsyncLifetime
{
    private const string Label = "lxcfs-admission-webhook";
    private readonly KubeRig _rig;
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private WebhookHost _host = null!;

    public ApiServerAdmissionTests(KubeRig rig) => _rig = rig;

    private string Enabled => $"lxcfs-on-{_suffix}";

    public async ValueTask InitializeAsync()
    {
        _host = await WebhookHost.StartAsync(_certificates, healthPort: false);
        // The namespace label the chart selects on: lxcfs-admission-webhook=enabled.
        await _rig.ApplyAsync(WebhookRegistration.Mutating($"lxcfs-{_suffix}", _host.HttpsUri, _certificates.CaPem, Label, "enabled"));
        await _rig.ApplyAsync(WebhookRegistration.Validating($"lxcfs-{_suffix}", _host.HttpsUri, _certificates.CaPem, Label, "enabled"));
        await _rig.NamespaceAsync(Enabled, (Label, "enabled"));
    }

    public async ValueTask DisposeAsync()
    {
        await _rig.KubectlAsync(["delete", "mutatingwebhookconfiguration,validatingwebhookconfiguration", $"lxcfs-{_suffix}", "--ignore-not-found"]);
        await _host.DisposeAsync();
    }

    private static JsonObject Pod(string? name, string? generateName = null, params JsonObject[] containers)
    {
        var metadata = new JsonObject();
        if (name is not null)
        {
            metadata["name"] = name;
        }

        if (generateName is not null)
        {
            metadata["generateName"] = generateName;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["containers"] = new JsonArray([.. containers.Length > 0 ? containers : [Reviews.Container("app")]]) },
        };
    }

    private async Task<JsonObject> CreateAsync(string ns, JsonObject pod)
    {
        var created = (await _rig.KubectlAsync(["create", "-n", ns, "-f", "-", "-o", "json"], pod.ToJsonString())).EnsureSuccess("kubectl create pod");
        var name = JsonNode.Parse(created.Stdout)!["metadata"]!["name"]!.GetValue<string>();
        return await _rig.GetAsync("pod", name, ns);
    }

    [Fact]
    public async Task A_pod_in_a_labelled_namespace_is_stored_with_the_lxcfs_mounts()
    {
        var stored = await CreateAsync(Enabled, Pod("demo"));

        ShouldHaveAllLxcfsVolumes(stored);
        Volumes(stored).Should().HaveCount(8);
        ShouldMountAllLxcfsFiles(Container(stored, 0));
        ShouldBeMarkedMutated(stored);
    }

    [Fact]
    public async Task A_generateName_pod_with_its_own_volume_and_slashed_annotation_keeps_them_and_gains_the_mounts()
    {
        var pod = Pod(null, "withvol-", Reviews.Container("a", ("scratch", "/scratch")), Reviews.Container("b"));
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "scratch", ["emptyDir"] = new JsonObject() });
        Reviews.Annotate(pod, "example.com/owner", "team-a");

        var stored = await CreateAsync(Enabled, pod);

        stored["metadata"]!["name"]!.GetValue<string>().Should().StartWith("withvol-");
        Volumes(stored)[0]["name"]!.GetValue<string>().Should().Be("scratch");
        Volumes(stored).Should().HaveCount(9);
        ShouldHaveAllLxcfsVolumes(stored);
        Mounts(Container(stored, 0)).Should().Contain(m => m["mountPath"]!.GetValue<string>() == "/scratch");
        ShouldMountAllLxcfsFiles(Container(stored, 0));
        ShouldMountAllLxcfsFiles(Container(stored, 1));
        Annotation(stored, "example.com/owner").Should().Be("team-a");
        ShouldBeMarkedMutated(stored);
    }

    [Fact]
    public async Task A_container_mounting_proc_meminfo_itself_keeps_its_mount_in_the_stored_pod()
    {
        var pod = Pod("own-meminfo", null, Reviews.Container("app", ("mine", "/proc/meminfo")));
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "mine", ["emptyDir"] = new JsonObject() });

        var stored = await CreateAsync(Enabled, pod);

        Mounts(Container(stored, 0)).Where(m => m["mountPath"]!.GetValue<string>() == "/proc/meminfo")
            .Should().ContainSingle().Which["name"]!.GetValue<string>().Should().Be("mine");
        Mounts(Container(stored, 0)).Should().HaveCount(8);
    }

    [Theory]
    [InlineData("lxcfs-admission-webhook/mutate")]
    [InlineData("lxcfs-admission-webhook.aliyun.com/mutate")]
    public async Task An_opted_out_pod_is_stored_unchanged(string key)
    {
        var stored = await CreateAsync(Enabled, Reviews.Annotate(Pod($"optout-{key.Length}"), key, "false"));

        Volumes(stored).Should().BeEmpty();
        Mounts(Container(stored, 0)).Should().BeEmpty();
        Annotation(stored, "lxcfs-admission-webhook/status").Should().BeNull();
    }

    [Fact]
    public async Task A_pod_in_an_unlabelled_namespace_is_not_sent_to_the_webhook()
    {
        var ns = $"lxcfs-off-{_suffix}";
        await _rig.NamespaceAsync(ns);

        var stored = await CreateAsync(ns, Pod("untouched"));

        Volumes(stored).Should().BeEmpty();
        Annotation(stored, "lxcfs-admission-webhook/status").Should().BeNull();
    }

    [Fact]
    public async Task An_invalid_annotation_is_rejected_with_the_webhooks_message()
    {
        var pod = Reviews.Annotate(Pod("invalid"), "lxcfs-admission-webhook/mutate", "maybe");

        var result = await _rig.KubectlAsync(["create", "-n", Enabled, "-f", "-"], pod.ToJsonString());

        result.ExitCode.Should().NotBe(0);
        result.Stderr.Should().Contain($"admission webhook \"validate.lxcfs-{_suffix}.lxcfs.io\" denied the request")
            .And.Contain("annotation lxcfs-admission-webhook/mutate has invalid value \"maybe\"; accepted values: \"true\"");
        (await _rig.KubectlAsync(["get", "pod", "invalid", "-n", Enabled])).ExitCode.Should().NotBe(0, "nothing was stored");
    }

    [Fact]
    public async Task A_webhook_that_is_down_does_not_block_pod_creation_with_failurePolicy_Ignore()
    {
        var down = new Uri($"https://127.0.0.1:{WebhookHost.FreePort()}/");
        var ns = $"lxcfs-down-{_suffix}";
        await _rig.ApplyAsync(WebhookRegistration.Mutating($"lxcfs-down-{_suffix}", down, _certificates.CaPem, "lxcfs-e2e-down", _suffix));
        await _rig.NamespaceAsync(ns, ("lxcfs-e2e-down", _suffix));
        try
        {
            var stored = await CreateAsync(ns, Pod("survivor"));

            stored["metadata"]!["name"]!.GetValue<string>().Should().Be("survivor");
            Volumes(stored).Should().BeEmpty();
        }
        finally
        {
            await _rig.KubectlAsync(["delete", "mutatingwebhookconfiguration", $"lxcfs-down-{_suffix}", "--ignore-not-found"]);
        }
    }
}
