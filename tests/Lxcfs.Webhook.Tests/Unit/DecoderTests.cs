using System.Text;
using Lxcfs.Webhook.Admission;
using Lxcfs.Webhook.Json;
using Lxcfs.Webhook.Tests.Support;

namespace Lxcfs.Webhook.Tests.Unit;

/// <summary>Bodies that are not usable AdmissionReviews are refused with a reason that says what is wrong.</summary>
public sealed class DecoderTests
{
    [Theory]
    [InlineData("", "request body is empty")]
    [InlineData("{not json", "request body is not JSON")]
    [InlineData("[1,2]", "request body is not a JSON object")]
    [InlineData("""{"kind":"Pod","apiVersion":"v1"}""", "kind must be AdmissionReview, got 'Pod'")]
    [InlineData("""{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v2"}""", "apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1, got 'admission.k8s.io/v2'")]
    [InlineData("""{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1"}""", "request is missing")]
    [InlineData("""{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"operation":"CREATE"}}""", "request.uid is missing")]
    [InlineData("""{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u1","operation":"CREATE"}}""", "request.object is missing for CREATE")]
    [InlineData("""{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u1","operation":"PATCH","object":{}}}""", "request.operation must be CREATE, UPDATE, DELETE or CONNECT, got 'PATCH'")]
    [InlineData("""{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u1","operation":"CREATE","object":"pod"}}""", "request.object must be an object")]
    public void Unusable_bodies_are_refused_with_a_reason(string body, string reason)
    {
        var act = () => AdmissionReviewDecoder.Decode(Encoding.UTF8.GetBytes(body));

        act.Should().Throw<AdmissionDecodeException>().Which.Message.Should().StartWith(reason);
    }

    [Fact]
    public void The_uid_is_kept_when_the_failure_comes_after_it()
    {
        var act = () => AdmissionReviewDecoder.Decode("""{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u7","operation":"CREATE"}}"""u8);

        act.Should().Throw<AdmissionDecodeException>().Which.Uid.Should().Be("u7");
    }

    [Fact]
    public void Strings_read_after_their_body_was_released_throw_instead_of_reading_reused_memory()
    {
        var pod = Reviews.Annotate(Reviews.MakePod(Reviews.Container("app", ("data", "/data"))), "team", "a");
        var bytes = Encoding.UTF8.GetBytes(Reviews.ForPod(pod).ToJsonString());
        var source = new JsonSource(bytes);
        var request = AdmissionReviewDecoder.Decode(source);
        request.Pod!.Metadata!.Annotations!.Get("team").Should().Be("a");

        source.Release();
        bytes.AsSpan().Fill((byte)'x');

        FluentActions.Invoking(() => request.Pod.Metadata.Annotations.Get("team")).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => request.Pod.Spec!.Containers![0].MountPaths![0].GetString()).Should().Throw<ObjectDisposedException>();
        request.Uid.Should().Be("60b380a8-7d4f-4841-8919-b32594edc79c", "decoded strings are the request's own");
    }

    [Fact]
    public void The_recorded_generateName_request_decodes_without_a_name()
    {
        var body = Encoding.UTF8.GetBytes(Reviews.PodCreateGenerateName().ToJsonString());

        var request = AdmissionReviewDecoder.Decode(body);

        request.Should().BeEquivalentTo(new
        {
            ApiVersion = "admission.k8s.io/v1",
            Uid = "b586ad73-7fb6-4a60-ba23-018a4a33d3b4",
            Kind = new GroupVersionKind("", "v1", "Pod"),
            Resource = "pods",
            Operation = "CREATE",
            Namespace = "lxcfs-test",
            Name = (string?)null,
            DryRun = false,
            IsPod = true,
        });
    }
}
