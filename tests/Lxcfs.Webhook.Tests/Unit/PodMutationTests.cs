using System.Text.Json.Nodes;
using Lxcfs.Webhook.Tests.Support;
using static Lxcfs.Webhook.Tests.Support.PodAssertions;

namespace Lxcfs.Webhook.Tests.Unit;

/// <summary>The patch, applied to the pod, gives the pod we want: asserted on the patched pod.</summary>
public sealed class PodMutationTests
{
    [Fact]
    public void Recorded_pod_without_volumes_gets_every_file_mounted_read_only_from_a_File_hostPath()
    {
        var review = Reviews.PodCreate();
        var original = Reviews.Pod(review);

        var run = AdmissionRun.Of(TestHandlers.Mutating(), review);

        run.Allowed.Should().BeTrue();
        run.Response["uid"]!.GetValue<string>().Should().Be("60b380a8-7d4f-4841-8919-b32594edc79c");
        ShouldHaveAllLxcfsVolumes(run.PatchedPod);
        Volumes(run.PatchedPod).Should().HaveCount(8);
        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
        ShouldBeMarkedMutated(run.PatchedPod);
        ShouldEqualOriginalApartFromLxcfs(run.PatchedPod, original);
        // The API server sent no spec.volumes: the array is added whole, not appended to.
        run.Operations!.Select(o => o!["path"]!.GetValue<string>()).Should().Contain("/spec/volumes").And.NotContain("/spec/volumes/-");
    }

    [Fact]
    public void Recorded_generateName_pod_keeps_its_volume_and_mount_and_both_containers_get_the_files()
    {
        var review = Reviews.PodCreateGenerateName();
        var original = Reviews.Pod(review);

        var run = AdmissionRun.Of(TestHandlers.Mutating(), review);

        Volumes(run.PatchedPod)[0].ToJsonString().Should().Be("""{"name":"scratch","emptyDir":{}}""");
        Volumes(run.PatchedPod).Should().HaveCount(9);
        ShouldHaveAllLxcfsVolumes(run.PatchedPod);
        Mounts(Container(run.PatchedPod, 0))[0].ToJsonString().Should().Be("""{"name":"scratch","mountPath":"/scratch"}""");
        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 1));
        run.PatchedPod["metadata"]!["generateName"]!.GetValue<string>().Should().Be("withvol-");
        run.PatchedPod["metadata"]!["name"].Should().BeNull();
        ShouldEqualOriginalApartFromLxcfs(run.PatchedPod, original);
    }

    [Fact]
    public void A_container_that_already_mounts_proc_meminfo_keeps_its_own_mount()
    {
        var pod = Reviews.MakePod(Reviews.Container("own", ("mine", "/proc/meminfo")), Reviews.Container("plain"));
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "mine", ["hostPath"] = new JsonObject { ["path"] = "/srv/meminfo" } });

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(pod));

        var own = Mounts(Container(run.PatchedPod, 0));
        own.Where(m => m["mountPath"]!.GetValue<string>() == "/proc/meminfo").Should().ContainSingle()
            .Which["name"]!.GetValue<string>().Should().Be("mine");
        own.Should().HaveCount(8, "its own meminfo mount plus the 7 other lxcfs files");
        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 1));
        Volumes(run.PatchedPod).Select(v => v["name"]!.GetValue<string>()).Should().Contain(["mine", "lxcfs-proc-meminfo"]);
    }

    [Fact]
    public void A_volume_name_that_already_exists_is_not_duplicated()
    {
        var pod = Reviews.MakePod(Reviews.Container("app"));
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject
        {
            ["name"] = "lxcfs-proc-meminfo",
            ["hostPath"] = new JsonObject { ["path"] = "/var/lib/lxcfs/proc/meminfo", ["type"] = "File" },
        });

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(pod));

        Volumes(run.PatchedPod).Should().HaveCount(8);
        ShouldHaveAllLxcfsVolumes(run.PatchedPod);
        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
        run.Operations!.Should().Contain(o => o!["path"]!.GetValue<string>() == "/spec/volumes/-", "an existing array is appended to");
    }

    [Fact]
    public void Init_containers_get_the_files_by_default_and_not_when_configured_off()
    {
        var pod = Reviews.MakePod(Reviews.Container("app"));
        pod["spec"]!["initContainers"] = new JsonArray(Reviews.Container("init"));

        var withInit = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod((JsonObject)pod.DeepClone()));
        var withoutInit = AdmissionRun.Of(TestHandlers.Mutating(o => o.IncludeInitContainers = false), Reviews.ForPod(pod));

        ShouldMountAllLxcfsFiles(Container(withInit.PatchedPod, 0, "initContainers"));
        ShouldMountAllLxcfsFiles(Container(withInit.PatchedPod, 0));
        Container(withoutInit.PatchedPod, 0, "initContainers").ToJsonString().Should().Be(Reviews.Container("init").ToJsonString());
        ShouldMountAllLxcfsFiles(Container(withoutInit.PatchedPod, 0));
    }

    [Fact]
    public void Ephemeral_containers_are_left_alone()
    {
        var pod = Reviews.MakePod(Reviews.Container("app"));
        pod["spec"]!["ephemeralContainers"] = new JsonArray(Reviews.Container("debug"));

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(pod));

        run.PatchedPod["spec"]!["ephemeralContainers"]!.ToJsonString().Should().Be($"[{Reviews.Container("debug").ToJsonString()}]");
        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
    }

    [Fact]
    public void Twenty_containers_all_get_the_files_and_the_volumes_are_added_once()
    {
        var pod = Reviews.MakePod([.. Enumerable.Range(0, 20).Select(i => Reviews.Container($"c{i}"))]);

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(pod));

        Containers(run.PatchedPod).Should().HaveCount(20);
        for (var i = 0; i < 20; i++)
        {
            ShouldMountAllLxcfsFiles(Container(run.PatchedPod, i));
            Container(run.PatchedPod, i)["name"]!.GetValue<string>().Should().Be($"c{i}");
        }

        Volumes(run.PatchedPod).Should().HaveCount(8);
    }

    [Fact]
    public void Existing_annotations_with_slashes_survive_and_the_status_key_is_pointer_escaped()
    {
        var pod = Reviews.MakePod(Reviews.Container("app"));
        Reviews.Annotate(pod, "example.com/team", "data");
        Reviews.Annotate(pod, "a~b/c", "tilde");

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(pod));

        Annotation(run.PatchedPod, "example.com/team").Should().Be("data");
        Annotation(run.PatchedPod, "a~b/c").Should().Be("tilde");
        ShouldBeMarkedMutated(run.PatchedPod);
        ((JsonObject)run.PatchedPod["metadata"]!["annotations"]!).Should().HaveCount(3);
        run.Operations!.Select(o => o!["path"]!.GetValue<string>()).Should().Contain("/metadata/annotations/lxcfs-admission-webhook~1status");
    }

    [Fact]
    public void A_mutated_pod_sent_again_gets_no_patch()
    {
        var first = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.PodCreate());

        var again = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(first.PatchedPod));

        again.Allowed.Should().BeTrue();
        again.Operations.Should().BeNull();
        again.PatchedPod.ToJsonString().Should().Be(first.PatchedPod.ToJsonString());
    }

    [Theory]
    [InlineData("lxcfs-admission-webhook/mutate", "false")]
    [InlineData("lxcfs-admission-webhook/mutate", "OFF")]
    [InlineData("lxcfs-admission-webhook.aliyun.com/mutate", "no")]
    public void Opted_out_pods_get_only_the_status_saying_so(string key, string value)
    {
        var pod = Reviews.Annotate(Reviews.MakePod(Reviews.Container("app")), key, value);

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod((JsonObject)pod.DeepClone()));

        run.Allowed.Should().BeTrue();
        ShouldBeSkippedOtherwiseUnchanged(run.PatchedPod, pod, "opted-out");
    }

    [Theory]
    [InlineData("lxcfs-admission-webhook/status")]
    [InlineData("lxcfs-admission-webhook.aliyun.com/status")]
    public void A_status_of_mutated_does_not_stand_for_mounts_the_containers_lack(string key)
    {
        // Copied from another pod's manifest, or written by an older webhook: the mounts are what count.
        var pod = Reviews.Annotate(Reviews.MakePod(Reviews.Container("app")), key, "mutated");

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod((JsonObject)pod.DeepClone()));

        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
        ShouldHaveAllLxcfsVolumes(run.PatchedPod);
        ShouldBeMarkedMutated(run.PatchedPod);
        ((JsonObject)run.PatchedPod["metadata"]!["annotations"]!).Select(a => a.Key).Should().BeEquivalentTo(new[] { key, "lxcfs-admission-webhook/status" }.Distinct());
    }

    [Fact]
    public void An_explicit_opt_in_annotation_still_mutates()
    {
        var pod = Reviews.Annotate(Reviews.MakePod(Reviews.Container("app")), "lxcfs-admission-webhook.aliyun.com/mutate", "true");

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(pod));

        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
        Annotation(run.PatchedPod, "lxcfs-admission-webhook.aliyun.com/mutate").Should().Be("true");
    }

    [Fact]
    public void Daemon_pods_are_never_mutated_by_label_or_by_mounting_the_mount_root()
    {
        var labelled = Reviews.MakePod(Reviews.Container("daemon"));
        labelled["metadata"]!["labels"] = new JsonObject { ["app.kubernetes.io/component"] = "lxcfs-daemon" };
        var mountsRoot = Reviews.MakePod(Reviews.Container("lxcfs", ("lxcfs", "/var/lib/lxcfs")));
        mountsRoot["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "lxcfs", ["hostPath"] = new JsonObject { ["path"] = "/var/lib/lxcfs/" } });

        ShouldBeSkippedOtherwiseUnchanged(AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod((JsonObject)labelled.DeepClone())).PatchedPod, labelled, "daemon");
        ShouldBeSkippedOtherwiseUnchanged(AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod((JsonObject)mountsRoot.DeepClone())).PatchedPod, mountsRoot, "daemon");
    }

    [Fact]
    public void Updates_deletes_and_other_kinds_are_allowed_unchanged()
    {
        var update = Reviews.ForPod(Reviews.MakePod(Reviews.Container("app")), "UPDATE");
        var delete = Reviews.PodCreate();
        delete["request"]!["operation"] = "DELETE";
        delete["request"]!["object"] = null;
        var configMap = Reviews.PodCreate();
        configMap["request"]!["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "ConfigMap" };
        configMap["request"]!["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "configmaps" };

        foreach (var review in new[] { update, delete, configMap })
        {
            var request = review["request"]!;
            var answer = AdmissionRun.Of(TestHandlers.Mutating(), review);
            answer.Allowed.Should().BeTrue();
            answer.Operations.Should().BeNull($"{request["operation"]} of {request["kind"]!["kind"]} is not mutated");
        }
    }

    [Fact]
    public void Mount_root_and_file_list_come_from_configuration()
    {
        var handler = TestHandlers.Mutating(o =>
        {
            o.MountRoot = "/run/lxcfs";
            o.Files = ["/proc/meminfo", "/proc/cpuinfo"];
        });

        var run = AdmissionRun.Of(handler, Reviews.PodCreate());

        Volumes(run.PatchedPod).Select(v => (v["name"]!.GetValue<string>(), v["hostPath"]!["path"]!.GetValue<string>()))
            .Should().Equal(("lxcfs-proc-meminfo", "/run/lxcfs/proc/meminfo"), ("lxcfs-proc-cpuinfo", "/run/lxcfs/proc/cpuinfo"));
        Mounts(Container(run.PatchedPod, 0)).Select(m => m["mountPath"]!.GetValue<string>()).Should().Equal("/proc/meminfo", "/proc/cpuinfo");
    }

    [Fact]
    public void DryRun_requests_get_the_same_answer()
    {
        var dry = Reviews.PodCreate();
        dry["request"]!["dryRun"] = true;

        var wet = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.PodCreate());
        var dryRun = AdmissionRun.Of(TestHandlers.Mutating(), dry);

        dryRun.PatchedPod.ToJsonString().Should().Be(wet.PatchedPod.ToJsonString());
    }

    [Fact]
    public void V1beta1_reviews_are_answered_in_v1beta1_with_their_uid()
    {
        var review = Reviews.PodCreate();
        review["apiVersion"] = "admission.k8s.io/v1beta1";
        review["request"]!["uid"] = "beta-uid";

        var run = AdmissionRun.Of(TestHandlers.Mutating(), review);

        run.Answer["apiVersion"]!.GetValue<string>().Should().Be("admission.k8s.io/v1beta1");
        run.Answer["kind"]!.GetValue<string>().Should().Be("AdmissionReview");
        run.Response["uid"]!.GetValue<string>().Should().Be("beta-uid");
        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
    }
}
