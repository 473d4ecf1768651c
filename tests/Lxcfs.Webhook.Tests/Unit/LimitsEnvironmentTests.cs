using System.Text.Json.Nodes;
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
}
