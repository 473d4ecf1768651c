using Lxcfs.Webhook.Tests.Support;

namespace Lxcfs.Webhook.Tests.Unit;

/// <summary>POST /validate: lxcfs annotations must carry accepted values.</summary>
public sealed class ValidationTests
{
    [Theory]
    [InlineData("lxcfs-admission-webhook/mutate", "maybe")]
    [InlineData("lxcfs-admission-webhook.aliyun.com/mutate", "1")]
    [InlineData("lxcfs-admission-webhook/inject-env", "sure")]
    public void A_boolean_annotation_outside_the_accepted_set_is_denied_with_the_key_and_the_accepted_values(string key, string value)
    {
        var review = Reviews.ForPod(Reviews.Annotate(Reviews.MakePod(Reviews.Container("app")), key, value));

        var run = AdmissionRun.Of(TestHandlers.Validating(), review);

        run.Allowed.Should().BeFalse();
        run.Response["status"]!["code"]!.GetValue<int>().Should().Be(403);
        run.Response["status"]!["message"]!.GetValue<string>().Should().Be(
            $"annotation {key} has invalid value \"{value}\"; accepted values: \"true\", \"yes\", \"y\", \"on\", \"enabled\", \"false\", \"no\", \"n\", \"off\", \"disabled\"");
        run.Operations.Should().BeNull();
    }

    [Fact]
    public void A_status_other_than_mutated_is_denied_and_every_problem_is_named()
    {
        var pod = Reviews.MakePod(Reviews.Container("app"));
        Reviews.Annotate(pod, "lxcfs-admission-webhook/status", "done");
        Reviews.Annotate(pod, "lxcfs-admission-webhook/mutate", "perhaps");

        var run = AdmissionRun.Of(TestHandlers.Validating(), Reviews.ForPod(pod, "UPDATE"));

        run.Allowed.Should().BeFalse();
        var message = run.Response["status"]!["message"]!.GetValue<string>();
        message.Should().Contain("annotation lxcfs-admission-webhook/status has invalid value \"done\"; accepted values: \"mutated\"");
        message.Should().Contain("annotation lxcfs-admission-webhook/mutate has invalid value \"perhaps\"");
    }

    [Theory]
    [InlineData("lxcfs-admission-webhook/mutate", "false")]
    [InlineData("lxcfs-admission-webhook/mutate", "True")]
    [InlineData("lxcfs-admission-webhook.aliyun.com/mutate", "no")]
    [InlineData("lxcfs-admission-webhook/status", "mutated")]
    [InlineData("unrelated.example.com/mutate", "whatever")]
    public void Accepted_values_and_unrelated_annotations_are_allowed(string key, string value)
    {
        var review = Reviews.ForPod(Reviews.Annotate(Reviews.MakePod(Reviews.Container("app")), key, value));

        var run = AdmissionRun.Of(TestHandlers.Validating(), review);

        run.Allowed.Should().BeTrue();
        run.Response["status"].Should().BeNull();
    }

    [Fact]
    public void The_recorded_pod_is_allowed()
    {
        var run = AdmissionRun.Of(TestHandlers.Validating(), Reviews.PodCreate());

        run.Allowed.Should().BeTrue();
        run.Response["uid"]!.GetValue<string>().Should().Be("60b380a8-7d4f-4841-8919-b32594edc79c");
    }
}
