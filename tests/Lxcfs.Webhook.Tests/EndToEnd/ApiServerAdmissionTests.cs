using System.Text.Json.Nodes;
using Lxcfs.Webhook.Namespaces;
using Lxcfs.Webhook.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
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
        // Namespace defaults on, as the chart deploys it: the webhook lists and watches namespaces.
        _host = await WebhookHost.StartAsync(_certificates, new Dictionary<string, string?>
        {
            ["Webhook:NamespaceDefaults:Enabled"] = "true",
            ["Webhook:NamespaceDefaults:Kubeconfig"] = _rig.Kubeconfig,
        }, healthPort: false);
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
    public async Task An_opted_out_pod_is_stored_without_the_files_and_its_status_says_why(string key)
    {
        var stored = await CreateAsync(Enabled, Reviews.Annotate(Pod($"optout-{key.Length}"), key, "false"));

        Volumes(stored).Should().BeEmpty();
        Mounts(Container(stored, 0)).Should().BeEmpty();
        Annotation(stored, "lxcfs-admission-webhook/status").Should().Be("skipped: opted-out");
    }

    [Fact]
    public async Task A_pod_whose_emptyDir_has_our_volume_name_gets_the_file_under_a_free_name_and_keeps_its_emptyDir()
    {
        var pod = Pod("foreign-name", null, Reviews.Container("app", ("lxcfs-proc-meminfo", "/scratch")));
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "lxcfs-proc-meminfo", ["emptyDir"] = new JsonObject() });

        var stored = await CreateAsync(Enabled, pod);

        ShouldMountServedPathsOnlyFromTheirFiles(stored);
        Volumes(stored).Should().ContainSingle(v => v["name"]!.GetValue<string>() == "lxcfs-proc-meminfo")
            .Which["emptyDir"].Should().NotBeNull();
        Mounts(Container(stored, 0)).Should().ContainSingle(m => m["mountPath"]!.GetValue<string>() == "/proc/meminfo")
            .Which["name"]!.GetValue<string>().Should().Be("lxcfs-proc-meminfo-1");
        Mounts(Container(stored, 0)).Should().HaveCount(9);
    }

    [Fact]
    public async Task A_sidecar_added_by_a_later_webhook_gets_the_files_through_reinvocation()
    {
        // Configurations are called in name order: "zz-…" after ours, and ours again because it changed the pod.
        await using var injector = await SidecarInjector.StartAsync(_certificates, "mesh-proxy");
        var name = $"zz-sidecar-{_suffix}";
        await _rig.ApplyAsync(WebhookRegistration.MutatingAt(name, new Uri(injector.Uri, "/inject"), _certificates.CaPem, Label, "enabled"));
        try
        {
            var stored = await CreateAsync(Enabled, Pod("meshed"));

            Containers(stored).Select(c => c!["name"]!.GetValue<string>()).Should().Equal("app", "mesh-proxy");
            ShouldMountAllLxcfsFiles(Container(stored, 0));
            ShouldMountAllLxcfsFiles(Container(stored, 1));
            ShouldHaveAllLxcfsVolumes(stored);
            Volumes(stored).Should().HaveCount(8);
            ShouldBeMarkedMutated(stored);
        }
        finally
        {
            await _rig.KubectlAsync(["delete", "mutatingwebhookconfiguration", name, "--ignore-not-found"]);
        }
    }

    [Fact]
    public async Task A_windows_pod_is_stored_without_the_files_and_its_status_says_why()
    {
        var pod = Pod("windows");
        pod["spec"]!["nodeSelector"] = new JsonObject { ["kubernetes.io/os"] = "windows" };

        var stored = await CreateAsync(Enabled, pod);

        Volumes(stored).Should().BeEmpty();
        Mounts(Container(stored, 0)).Should().BeEmpty();
        Annotation(stored, "lxcfs-admission-webhook/status").Should().Be("skipped: windows");
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

    [Fact]
    public async Task A_namespace_annotation_gives_its_pods_the_limits_environment_unless_a_pod_says_otherwise()
    {
        var ns = $"lxcfs-env-{_suffix}";
        await _rig.NamespaceAsync(ns, (Label, "enabled"));
        (await _rig.KubectlAsync(["annotate", "namespace", ns, "lxcfs-admission-webhook/inject-env=true", "lxcfs-admission-webhook/inject-thread-env=yes"]))
            .EnsureSuccess("kubectl annotate namespace");
        await WatchedAsync(ns, 2);

        var inherits = await CreateAsync(ns, Pod("inherits", null, LimitedContainer(("GOMAXPROCS", "3"))));
        var declines = await CreateAsync(ns, Reviews.Annotate(Pod("declines", null, LimitedContainer()), "lxcfs-admission-webhook/inject-env", "false"));

        Env(Container(inherits, 0)).Should().Equal(new Dictionary<string, string>
        {
            ["GOMAXPROCS"] = "3",
            ["CPU_LIMIT"] = "2",
            ["OMP_NUM_THREADS"] = "2",
            ["MEMORY_LIMIT_BYTES"] = "268435456",
        });
        Container(declines, 0)["env"].Should().BeNull();
        ShouldMountAllLxcfsFiles(Container(inherits, 0));
        ShouldMountAllLxcfsFiles(Container(declines, 0));
    }

    private static JsonObject LimitedContainer(params (string Name, string Value)[] env)
    {
        var container = Reviews.Container("app");
        container["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "1500m", ["memory"] = "256Mi" } };
        if (env.Length > 0)
        {
            container["env"] = new JsonArray([.. env.Select(e => (JsonNode)new JsonObject { ["name"] = e.Name, ["value"] = e.Value })]);
        }

        return container;
    }

    private static Dictionary<string, string> Env(JsonObject container) =>
        container["env"] is JsonArray a ? a.ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>()) : [];

    // The watch delivers the annotation asynchronously: wait until the webhook has it, as a pod created a
    // moment after annotating would otherwise race it.
    private async Task WatchedAsync(string ns, int keys)
    {
        var cache = _host.Services.GetRequiredService<NamespaceAnnotationCache>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (cache.For(ns)?.Count != keys)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"the webhook sees the annotations of namespace {ns} through its watch");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
