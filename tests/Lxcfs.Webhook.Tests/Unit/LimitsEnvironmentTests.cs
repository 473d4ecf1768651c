using System.Text.Json.Nodes;
using Lxcfs.Webhook.Namespaces;
using Lxcfs.Webhook.Pods;
using Lxcfs.Webhook.Tests.Support;
using static Lxcfs.Webhook.Tests.Support.PodAssertions;

namespace Lxcfs.Webhook.Tests.Unit;

/// <summary>Optional environment variables from limits: off by default, never overriding the container's own.</summary>
public sealed class LimitsEnvironmentTests
{
    private static JsonObject LimitedPod(string cpu, string memory, params (string Name, string Value)[] env)
    {
        var container = Reviews.Container("app");
        container["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory } };
        if (env.Length > 0)
        {
            container["env"] = new JsonArray([.. env.Select(e => (JsonNode)new JsonObject { ["name"] = e.Name, ["value"] = e.Value })]);
        }

        return Reviews.MakePod(container);
    }

    private static Dictionary<string, string> Env(JsonObject container) =>
        container["env"] is JsonArray a ? a.ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>()) : [];

    [Fact]
    public void Nothing_is_injected_without_the_annotation()
    {
        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(LimitedPod("2", "1Gi")));

        Container(run.PatchedPod, 0)["env"].Should().BeNull();
        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
    }

    [Fact]
    public void Limits_become_variables_rounded_up_to_whole_cpus_and_existing_ones_win()
    {
        var pod = Reviews.Annotate(LimitedPod("1500m", "512Mi", ("MEMORY_LIMIT_BYTES", "42")), "lxcfs-admission-webhook/inject-env", "true");

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(pod));

        Env(Container(run.PatchedPod, 0)).Should().Equal(new Dictionary<string, string>
        {
            ["MEMORY_LIMIT_BYTES"] = "42",
            ["CPU_LIMIT"] = "2",
        });
    }

    [Fact]
    public void Thread_variables_need_their_own_opt_in()
    {
        var pod = LimitedPod("0.25", "1G", ("GOMAXPROCS", "8"));
        Reviews.Annotate(pod, "lxcfs-admission-webhook/inject-env", "yes");
        Reviews.Annotate(pod, "lxcfs-admission-webhook/inject-thread-env", "true");

        var run = AdmissionRun.Of(TestHandlers.Mutating(), Reviews.ForPod(pod));

        Env(Container(run.PatchedPod, 0)).Should().Equal(new Dictionary<string, string>
        {
            ["GOMAXPROCS"] = "8",
            ["CPU_LIMIT"] = "1",
            ["OMP_NUM_THREADS"] = "1",
            ["MEMORY_LIMIT_BYTES"] = "1000000000",
        });
    }

    private const string InjectEnv = "lxcfs-admission-webhook/inject-env";
    private const string InjectThreadEnv = "lxcfs-admission-webhook/inject-thread-env";

    // The recorded review's namespace, where every pod built by Reviews.ForPod is created.
    private static NamespaceAnnotationCache NamespaceWith(params (string Key, string Value)[] annotations)
    {
        var cache = new NamespaceAnnotationCache(new LxcfsAnnotations(TestHandlers.Options()));
        cache.Set("lxcfs-test", annotations.ToDictionary(a => a.Key, a => a.Value));
        return cache;
    }

    private static Dictionary<string, string> EnvAfterAdmission(JsonObject pod, NamespaceAnnotationCache namespaces) =>
        Env(Container(AdmissionRun.Of(TestHandlers.Mutating(namespaces: namespaces), Reviews.ForPod(pod)).PatchedPod, 0));

    [Fact]
    public void A_namespace_annotation_turns_the_variables_on_for_a_pod_that_does_not_choose()
    {
        var env = EnvAfterAdmission(LimitedPod("2", "1Gi"), NamespaceWith((InjectEnv, "true")));

        env.Should().Equal(new Dictionary<string, string> { ["CPU_LIMIT"] = "2", ["MEMORY_LIMIT_BYTES"] = "1073741824" });
    }

    [Theory]
    [InlineData("false", "true", false)]
    [InlineData("no", "yes", false)]
    [InlineData("true", "false", true)]
    [InlineData("on", null, true)]
    public void The_pods_own_annotation_wins_over_its_namespace(string podValue, string? namespaceValue, bool injected)
    {
        var pod = Reviews.Annotate(LimitedPod("1", "64Mi"), InjectEnv, podValue);
        var namespaces = namespaceValue is null ? NamespaceWith() : NamespaceWith((InjectEnv, namespaceValue));

        var env = EnvAfterAdmission(pod, namespaces);

        env.ContainsKey("CPU_LIMIT").Should().Be(injected);
        env.ContainsKey("MEMORY_LIMIT_BYTES").Should().Be(injected);
    }

    [Fact]
    public void Each_switch_falls_back_to_the_namespace_on_its_own()
    {
        var pod = Reviews.Annotate(LimitedPod("3", "1Mi"), InjectEnv, "true");

        var env = EnvAfterAdmission(pod, NamespaceWith((InjectThreadEnv, "true")));

        env.Should().Equal(new Dictionary<string, string>
        {
            ["CPU_LIMIT"] = "3",
            ["GOMAXPROCS"] = "3",
            ["OMP_NUM_THREADS"] = "3",
            ["MEMORY_LIMIT_BYTES"] = "1048576",
        });
    }

    [Fact]
    public void Another_namespaces_annotation_does_not_apply()
    {
        var namespaces = new NamespaceAnnotationCache(new LxcfsAnnotations(TestHandlers.Options()));
        namespaces.Set("elsewhere", new Dictionary<string, string> { [InjectEnv] = "true" });

        EnvAfterAdmission(LimitedPod("2", "1Gi"), namespaces).Should().BeEmpty();
    }
}
