using System.Text.Json.Nodes;
using Lxcfs.Webhook.Observability;
using Lxcfs.Webhook.Tests.Support;
using static Lxcfs.Webhook.Tests.Support.PodAssertions;

namespace Lxcfs.Webhook.Tests.Unit;

/// <summary>
/// Pods as real clusters make them: volumes that carry our names but are something else, sidecars added by
/// a later webhook, Windows pods, system namespaces. Asserted on the patched pod as a whole.
/// </summary>
public sealed class PodReachTests
{
    public static TheoryData<string, string> ForeignVolumes => new()
    {
        { "emptyDir", """{"name":"lxcfs-proc-meminfo","emptyDir":{}}""" },
        { "configMap", """{"name":"lxcfs-proc-meminfo","configMap":{"name":"settings"}}""" },
        { "hostPath elsewhere", """{"name":"lxcfs-proc-meminfo","hostPath":{"path":"/srv/meminfo","type":"File"}}""" },
        { "the mount root itself", """{"name":"lxcfs-proc-meminfo","hostPath":{"path":"/var/lib/lxcfs/proc","type":"Directory"}}""" },
    };

    [Theory]
    [MemberData(nameof(ForeignVolumes))]
    public void A_foreign_volume_with_our_name_is_never_mounted_and_ours_gets_a_free_name(string kind, string volume)
    {
        var pod = Reviews.MakePod(Reviews.Container("app", ("lxcfs-proc-meminfo", "/data")));
        pod["spec"]!["volumes"] = new JsonArray(JsonNode.Parse(volume), JsonNode.Parse("""{"name":"lxcfs-proc-meminfo-1","emptyDir":{}}"""));

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod((JsonObject)pod.DeepClone()));

        ShouldMountServedPathsOnlyFromTheirFiles(run.PatchedPod);
        var volumes = Volumes(run.PatchedPod);
        volumes.Should().HaveCount(10, kind);
        volumes[0].ToJsonString().Should().Be(JsonNode.Parse(volume)!.ToJsonString(), "the pod's own volume is untouched");
        volumes.Should().ContainSingle(v => v["name"]!.GetValue<string>() == "lxcfs-proc-meminfo-2")
            .Which["hostPath"]!["path"]!.GetValue<string>().Should().Be("/var/lib/lxcfs/proc/meminfo");
        var mounts = Mounts(Container(run.PatchedPod, 0));
        mounts[0].ToJsonString().Should().Be("""{"name":"lxcfs-proc-meminfo","mountPath":"/data"}""", "the container's own mount of its volume stays");
        mounts.Should().ContainSingle(m => m["mountPath"]!.GetValue<string>() == "/proc/meminfo")
            .Which.ToJsonString().Should().Be("""{"name":"lxcfs-proc-meminfo-2","mountPath":"/proc/meminfo","readOnly":true}""");
        mounts.Should().HaveCount(9);
        ShouldBeMarkedMutated(run.PatchedPod);
    }

    [Fact]
    public void Our_file_under_another_name_is_reused_not_added_twice()
    {
        var pod = Reviews.MakePod(Reviews.Container("app"));
        pod["spec"]!["volumes"] = new JsonArray(JsonNode.Parse("""{"name":"meminfo","hostPath":{"path":"/var/lib/lxcfs/proc/meminfo/","type":"File"}}"""));

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(pod));

        ShouldMountServedPathsOnlyFromTheirFiles(run.PatchedPod);
        Volumes(run.PatchedPod).Should().HaveCount(8);
        Volumes(run.PatchedPod).Select(v => v["name"]!.GetValue<string>()).Should().Contain("meminfo").And.NotContain("lxcfs-proc-meminfo");
        Mounts(Container(run.PatchedPod, 0)).Should().ContainSingle(m => m["mountPath"]!.GetValue<string>() == "/proc/meminfo")
            .Which["name"]!.GetValue<string>().Should().Be("meminfo");
    }

    [Fact]
    public void A_pod_seen_again_after_another_webhook_added_a_sidecar_gets_mounts_for_the_sidecar_only()
    {
        var first = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(Reviews.MakePod(Reviews.Container("app"))));
        var withSidecar = (JsonObject)first.PatchedPod.DeepClone();
        Containers(withSidecar).Add(Reviews.Container("mesh-proxy"));
        withSidecar["spec"]!["initContainers"] = new JsonArray(Reviews.Container("mesh-init"));

        var again = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod((JsonObject)withSidecar.DeepClone()));
        var third = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod((JsonObject)again.PatchedPod.DeepClone()));

        again.Operations!.Select(o => o!["path"]!.GetValue<string>()).Should().BeEquivalentTo(
            ["/spec/initContainers/0/volumeMounts", "/spec/containers/1/volumeMounts"], "only the new containers lack the files");
        Container(again.PatchedPod, 0).ToJsonString().Should().Be(Container(first.PatchedPod, 0).ToJsonString());
        ShouldMountAllLxcfsFiles(Container(again.PatchedPod, 1));
        ShouldMountAllLxcfsFiles(Container(again.PatchedPod, 0, "initContainers"));
        Volumes(again.PatchedPod).Should().HaveCount(8);
        ShouldHaveAllLxcfsVolumes(again.PatchedPod);
        ShouldBeMarkedMutated(again.PatchedPod);
        third.Operations.Should().BeNull("nothing is missing any more");
    }

    public static TheoryData<string, string> WindowsSpecs => new()
    {
        { "spec.os", """{"os":{"name":"windows"}}""" },
        { "nodeSelector", """{"nodeSelector":{"kubernetes.io/os":"windows"}}""" },
        { "legacy nodeSelector", """{"nodeSelector":{"beta.kubernetes.io/os":"windows"}}""" },
        { "required node affinity", """
            {"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
              {"matchExpressions":[{"key":"kubernetes.io/os","operator":"In","values":["windows"]}]},
              {"matchExpressions":[{"key":"kubernetes.io/arch","operator":"In","values":["amd64"]},
                                   {"key":"kubernetes.io/os","operator":"In","values":["windows"]}]}]}}}}
            """ },
    };

    [Theory]
    [MemberData(nameof(WindowsSpecs))]
    public void Windows_pods_are_skipped_with_that_reason(string how, string specMembers)
    {
        var pod = WithSpec(specMembers);
        var skipped = WebhookMetrics.SkippedPods.WithLabels("windows").Value;

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod((JsonObject)pod.DeepClone()));

        ShouldBeSkippedOtherwiseUnchanged(run.PatchedPod, pod, "windows");
        WebhookMetrics.SkippedPods.WithLabels("windows").Value.Should().BeGreaterThan(skipped, how);
    }

    [Theory]
    [InlineData("""{"nodeSelector":{"kubernetes.io/os":"linux"}}""")]
    [InlineData("""{"os":{"name":"linux"}}""")]
    [InlineData("""
        {"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
          {"matchExpressions":[{"key":"kubernetes.io/os","operator":"In","values":["windows"]}]},
          {"matchExpressions":[{"key":"kubernetes.io/os","operator":"In","values":["linux"]}]}]}}}}
        """)]
    [InlineData("""
        {"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
          {"matchExpressions":[{"key":"kubernetes.io/os","operator":"In","values":["windows","linux"]}]}]}}}}
        """)]
    [InlineData("""{"affinity":{"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"preference":{"matchExpressions":[{"key":"kubernetes.io/os","operator":"In","values":["windows"]}]}}]}}}""")]
    public void Pods_that_may_run_on_linux_are_mutated(string specMembers)
    {
        var pod = WithSpec(specMembers);

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod((JsonObject)pod.DeepClone()));

        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
        ShouldEqualOriginalApartFromLxcfs(run.PatchedPod, pod);
    }

    [Theory]
    [InlineData("kube-system", true)]
    [InlineData("kube-public", true)]
    [InlineData("kube-node-lease", true)]
    [InlineData("lxcfs", true)]
    [InlineData("team-a", false)]
    public void Pods_in_system_namespaces_are_skipped_even_when_the_namespace_is_labelled(string ns, bool skipped)
    {
        var pod = Reviews.MakePod(Reviews.Container("app"));
        var review = Reviews.ForPod((JsonObject)pod.DeepClone());
        review["request"]!["namespace"] = ns;

        // The chart adds its release namespace to the defaults.
        var run = AdmissionRun.Of(TestHandlers.Mutating(o => o.SystemNamespaces = ["kube-system", "kube-public", "kube-node-lease", "lxcfs"]), review);

        if (skipped)
        {
            ShouldBeSkippedOtherwiseUnchanged(run.PatchedPod, pod, "system-namespace");
        }
        else
        {
            ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
            ShouldBeMarkedMutated(run.PatchedPod);
        }
    }

    [Fact]
    public void The_default_system_namespaces_are_the_clusters_own()
    {
        TestHandlers.Options().SystemNamespaces.Should().Equal("kube-system", "kube-public", "kube-node-lease");
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(400, true)]
    public void A_pod_whose_mounts_would_overflow_the_patch_cap_is_skipped_before_any_is_written(int containers, bool skipped)
    {
        // 256 KiB by default: about 350 containers lacking all eight files.
        var pod = Reviews.MakePod([.. Enumerable.Range(0, containers).Select(i => Reviews.Container($"c{i}"))]);

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod((JsonObject)pod.DeepClone()));

        if (skipped)
        {
            ShouldBeSkippedOtherwiseUnchanged(run.PatchedPod, pod, "too-large");
            run.Operations.Should().HaveCount(1, "only the status is written");
        }
        else
        {
            ShouldMountAllLxcfsFiles(Container(run.PatchedPod, containers - 1));
            System.Text.Encoding.UTF8.GetByteCount(run.Operations!.ToJsonString()).Should().BeLessThan(256 * 1024);
        }
    }

    [Fact]
    public void A_skipped_pod_seen_again_gets_no_patch()
    {
        var pod = Reviews.Annotate(Reviews.MakePod(Reviews.Container("app")), "lxcfs-admission-webhook/mutate", "false");
        var first = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(pod));

        var again = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod((JsonObject)first.PatchedPod.DeepClone()));

        again.Operations.Should().BeNull();
        Annotation(again.PatchedPod, "lxcfs-admission-webhook/status").Should().Be("skipped: opted-out");
    }

    [Fact]
    public void Every_status_the_webhook_writes_passes_its_own_validation()
    {
        var statuses = new[] { "mutated", "skipped: system-namespace", "skipped: daemon", "skipped: windows", "skipped: opted-out", "skipped: too-large" };

        foreach (var status in statuses)
        {
            var pod = Reviews.Annotate(Reviews.MakePod(Reviews.Container("app")), "lxcfs-admission-webhook/status", status);
            AdmissionRun.Of(TestHandlers.Validating(), Reviews.ForPod(pod)).Allowed.Should().BeTrue(status);
        }

        var bogus = Reviews.Annotate(Reviews.MakePod(Reviews.Container("app")), "lxcfs-admission-webhook/status", "skipped: bored");
        var denied = AdmissionRun.Of(TestHandlers.Validating(), Reviews.ForPod(bogus));
        denied.Allowed.Should().BeFalse();
        denied.Response["status"]!["message"]!.GetValue<string>().Should().Be(
            "annotation lxcfs-admission-webhook/status has invalid value \"skipped: bored\"; accepted values: "
            + string.Join(", ", statuses.Select(s => $"\"{s}\"")));
    }

    private static JsonObject WithSpec(string specMembers)
    {
        var pod = Reviews.MakePod(Reviews.Container("app"));
        foreach (var (name, value) in JsonNode.Parse(specMembers)!.AsObject().ToList())
        {
            pod["spec"]![name] = value!.DeepClone();
        }

        return pod;
    }
}
