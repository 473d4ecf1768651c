using System.Text;
using Lxcfs.Webhook.Admission;
using Lxcfs.Webhook.Tests.Support;
using static Lxcfs.Webhook.Tests.Support.PodAssertions;

namespace Lxcfs.Webhook.Tests.Unit;

/// <summary>
/// The review is read in one pass, taking members as they come: what the webhook decides must not depend on
/// how the JSON is spelt (member order, escapes, repeats), and every byte is still checked to be JSON.
/// </summary>
public sealed class ReviewReadingTests
{
    private const string Envelope = """{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{""";
    private const string PodKind = "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"}";

    private static string Review(string pod) =>
        Envelope + "\"uid\":\"u1\"," + PodKind + ",\"namespace\":\"ns\",\"operation\":\"CREATE\",\"object\":" + pod + "}}";

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    [Fact]
    public void Members_may_come_in_any_order()
    {
        // The object before the kind, the review's kind and apiVersion after the request.
        var body = """
            {"request":{"object":{"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]}},"operation":"CREATE",
              "resource":{"resource":"pods"},"uid":"u9","kind":{"kind":"Pod","version":"v1","group":""},"namespace":"ns"},
             "apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}
            """;

        var run = AdmissionRun.Of(TestHandlers.Mutating(), body);

        run.Response["uid"]!.GetValue<string>().Should().Be("u9");
        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
        ShouldHaveAllLxcfsVolumes(run.PatchedPod);
        ShouldBeMarkedMutated(run.PatchedPod);
    }

    [Fact]
    public void Escaped_names_and_values_mean_what_they_spell()
    {
        // "\/" is "/", "\u0065" is "e": the opt-out key and an own meminfo mount, spelt with escapes.
        var optedOut = Review("""{"metadata":{"name":"p","annotations":{"lxcfs-admission-webhook\/mutat\u0065":"f\u0061lse"}},"spec":{"containers":[{"name":"a"}]}}""");
        var ownMount = Review("""{"metadata":{"name":"p"},"sp\u0065c":{"containers":[{"name":"a","volumeMounts":[{"name":"mine","mountPath":"\/proc\/meminfo"}]}]}}""");

        var optedOutRun = AdmissionRun.Of(TestHandlers.Mutating(), optedOut);
        var ownMountRun = AdmissionRun.Of(TestHandlers.Mutating(), ownMount);

        Annotation(optedOutRun.PatchedPod, "lxcfs-admission-webhook/status").Should().Be("skipped: opted-out");
        Mounts(Container(optedOutRun.PatchedPod, 0)).Should().BeEmpty();
        var mounts = Mounts(Container(ownMountRun.PatchedPod, 0));
        mounts.Should().HaveCount(8, "its own meminfo mount plus the 7 other files");
        mounts.Where(m => m["mountPath"]!.GetValue<string>() == "/proc/meminfo").Should().ContainSingle()
            .Which["name"]!.GetValue<string>().Should().Be("mine");
    }

    [Theory]
    [InlineData("false", "true", true)]
    [InlineData("true", "false", false)]
    public void A_repeated_member_counts_with_its_last_value_as_in_the_API_server(string first, string last, bool mutated)
    {
        var body = Review("{\"metadata\":{\"annotations\":{\"lxcfs-admission-webhook/mutate\":\"" + first
            + "\",\"lxcfs-admission-webhook/mutate\":\"" + last + "\"}},\"spec\":{\"containers\":[{\"name\":\"a\"}]}}");

        // The pod has a repeated member, which the patch library refuses: the operations are read instead.
        var response = TestHandlers.Mutating().Handle(AdmissionReviewDecoder.Decode(Encoding.UTF8.GetBytes(body)));

        response.Allowed.Should().BeTrue();
        var operations = System.Text.Json.Nodes.JsonNode.Parse(response.Patch.Span)!.AsArray();
        operations.Any(o => o!["path"]!.GetValue<string>() == "/spec/containers/0/volumeMounts").Should().Be(mutated);
        operations.Should().ContainSingle(o => o!["path"]!.GetValue<string>() == "/metadata/annotations/lxcfs-admission-webhook~1status")
            .Which!["value"]!.GetValue<string>().Should().Be(mutated ? "mutated" : "skipped: opted-out");
    }

    [Fact]
    public void Members_of_other_types_read_as_absent()
    {
        // annotations as a string, volumes as an object, a number where a container should be: the patch
        // adds what is missing as a whole and still addresses the second container by its position.
        var body = Review("""{"metadata":{"name":"p","annotations":"x"},"spec":{"volumes":{},"containers":[{"name":"a","env":7},{"name":"b"}]}}""");

        var request = AdmissionReviewDecoder.Decode(Encoding.UTF8.GetBytes(body));
        var run = AdmissionRun.Of(TestHandlers.Mutating(), body);

        request.Pod!.Metadata!.Annotations.Should().BeNull();
        request.Pod.Spec!.Volumes.Should().BeNull();
        request.Pod.Spec.Containers!.Select(c => c.Index).Should().Equal(0, 1);
        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 1));
        ShouldHaveAllLxcfsVolumes(run.PatchedPod);
        ShouldBeMarkedMutated(run.PatchedPod);
    }

    [Fact]
    public void A_member_of_an_unexpected_shape_is_read_through_whole()
    {
        // dryRun as an object holding members named like the request's own: none of them may be taken.
        var body = Encoding.UTF8.GetBytes(
            Envelope + "\"uid\":\"u1\"," + PodKind + ",\"dryRun\":{\"uid\":\"spoofed\",\"operation\":\"DELETE\"},\"namespace\":\"ns\",\"operation\":\"CREATE\",\"object\":{}}}");

        var request = AdmissionReviewDecoder.Decode(body);

        request.Should().BeEquivalentTo(new { Uid = "u1", Operation = "CREATE", Namespace = "ns", DryRun = false, IsPod = true });
    }

    [Fact]
    public void Deep_nesting_under_a_skipped_member_is_read_up_to_the_depth_limit()
    {
        var deep = Review("{\"metadata\":{\"managedFields\":" + Nested(900) + """},"spec":{"containers":[{"name":"a"}]}}""");
        var tooDeep = Review("{\"metadata\":{\"managedFields\":" + Nested(1100) + """},"spec":{"containers":[{"name":"a"}]}}""");

        var run = AdmissionRun.Of(TestHandlers.Mutating(), deep);
        var act = () => AdmissionReviewDecoder.Decode(Encoding.UTF8.GetBytes(tooDeep));

        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
        act.Should().Throw<AdmissionDecodeException>().Which.Message.Should().StartWith("request body is not JSON");
    }

    [Theory]
    [InlineData("""{"metadata":{"managedFields":[{"a":tru}]},"spec":{}}""")] // broken inside a member that is skipped
    [InlineData("""{"metadata":{},"status":{"phase":"Pending",}}""")] // trailing comma in a skipped member
    public void Broken_JSON_anywhere_is_refused_even_where_nothing_is_read(string pod)
    {
        var act = () => AdmissionReviewDecoder.Decode(Encoding.UTF8.GetBytes(Review(pod)));

        act.Should().Throw<AdmissionDecodeException>().Which.Message.Should().StartWith("request body is not JSON");
    }

    [Fact]
    public void Anything_after_the_review_is_refused()
    {
        var act = () => AdmissionReviewDecoder.Decode(Encoding.UTF8.GetBytes(Review("{}") + " {}"));

        act.Should().Throw<AdmissionDecodeException>().Which.Message.Should().StartWith("request body is not JSON");
    }

    [Theory]
    [InlineData("annotations", "lxcfs-admission-webhook/mutate")] // a value that is kept for later
    [InlineData("labels", "app")]
    public void A_string_that_is_not_UTF8_is_refused_with_the_uid(string member, string key)
    {
        var body = Encoding.UTF8.GetBytes(Review("{\"metadata\":{\"" + member + "\":{\"" + key + "\":\"X\"}},\"spec\":{}}"));
        body[Array.IndexOf(body, (byte)'X')] = 0xFF;

        var act = () => AdmissionReviewDecoder.Decode(body);

        var refusal = act.Should().Throw<AdmissionDecodeException>().Which;
        refusal.Message.Should().StartWith("request body is not JSON").And.Contain("UTF-8");
        refusal.Uid.Should().Be("u1");
    }
}
