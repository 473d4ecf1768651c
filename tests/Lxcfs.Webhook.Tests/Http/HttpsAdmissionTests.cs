using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lxcfs.Webhook.Tests.Support;
using static Lxcfs.Webhook.Tests.Support.PodAssertions;

namespace Lxcfs.Webhook.Tests.Http;

/// <summary>The real server on loopback, over TLS with a real certificate, as the API server calls it.</summary>
public sealed class HttpsAdmissionTests : IAsyncLifetime
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private WebhookHost _host = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await WebhookHost.StartAsync(_certificates, new Dictionary<string, string?> { ["Webhook:MaxRequestBytes"] = "65536" });
        _client = TrustingClient.Create(_certificates.Ca);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await _client.PostAsync(new Uri(_host.HttpsUri, path), content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        return (response.StatusCode, (JsonObject)JsonNode.Parse(text)!);
    }

    [Fact]
    public async Task The_recorded_pod_is_patched_over_https_and_the_timeout_query_is_ignored()
    {
        var review = Reviews.PodCreate();

        var (status, answer) = await PostAsync("/mutate?timeout=10s", review.ToJsonString());

        status.Should().Be(HttpStatusCode.OK);
        var run = AdmissionRun.FromAnswer(answer, Reviews.Pod(review));
        run.Response["uid"]!.GetValue<string>().Should().Be("60b380a8-7d4f-4841-8919-b32594edc79c");
        ShouldHaveAllLxcfsVolumes(run.PatchedPod);
        ShouldMountAllLxcfsFiles(Container(run.PatchedPod, 0));
        ShouldBeMarkedMutated(run.PatchedPod);
    }

    [Fact]
    public async Task Small_and_large_bodies_one_after_another_on_one_connection_each_get_their_own_answer()
    {
        // The small review arrives in one buffer and is decided on where it lies; the large one (about
        // 50 KB, sent chunked) spans buffers and is copied. Both kinds in turn on one kept-alive connection:
        // each answer must belong to its own request.
        var containers = Enumerable.Range(0, 40).Select(i =>
        {
            var container = Reviews.Container($"c{i}");
            container["env"] = new JsonArray([.. Enumerable.Range(0, 20).Select(e => (JsonNode)new JsonObject { ["name"] = $"VARIABLE_{e}", ["value"] = new string('v', 40) })]);
            return container;
        });
        var large = Reviews.ForPod(Reviews.MakePod([.. containers]));
        large["request"]!["uid"] = "large";
        var small = Reviews.PodCreate();
        var largeBody = Encoding.UTF8.GetBytes(large.ToJsonString());
        largeBody.Length.Should().BeGreaterThan(40_000);

        for (var i = 0; i < 6; i++)
        {
            var sendLarge = i % 2 == 1;
            HttpContent content = sendLarge ? new PushStreamContent(largeBody) : new StringContent(small.ToJsonString(), Encoding.UTF8, "application/json");
            using (content)
            using (var response = await _client.PostAsync(new Uri(_host.HttpsUri, "/mutate"), content, TestContext.Current.CancellationToken))
            {
                var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                response.StatusCode.Should().Be(HttpStatusCode.OK, $"request {i}: {text}");
                var answer = (JsonObject)JsonNode.Parse(text)!;
                var run = AdmissionRun.FromAnswer(answer, Reviews.Pod(sendLarge ? large : small));
                run.Response["uid"]!.GetValue<string>().Should().Be(sendLarge ? "large" : "60b380a8-7d4f-4841-8919-b32594edc79c");
                Containers(run.PatchedPod).Should().HaveCount(sendLarge ? 40 : 1);
                foreach (var container in Containers(run.PatchedPod))
                {
                    ShouldMountAllLxcfsFiles((JsonObject)container!);
                }
            }
        }
    }

    [Fact]
    public async Task An_invalid_annotation_is_denied_by_validate_with_its_reason()
    {
        var review = Reviews.ForPod(Reviews.Annotate(Reviews.MakePod(Reviews.Container("app")), "lxcfs-admission-webhook/mutate", "maybe"));

        var (status, answer) = await PostAsync("/validate?timeout=5s", review.ToJsonString());

        status.Should().Be(HttpStatusCode.OK);
        answer["response"]!["allowed"]!.GetValue<bool>().Should().BeFalse();
        answer["response"]!["status"]!["message"]!.GetValue<string>().Should().StartWith("annotation lxcfs-admission-webhook/mutate has invalid value \"maybe\"; accepted values:");
    }

    [Theory]
    [InlineData("", "application/json", 400, "request body is empty")]
    [InlineData("<xml/>", "application/json", 400, "request body is not JSON")]
    [InlineData("{}", "text/plain", 400, "Content-Type must be application/json, got 'text/plain'")]
    [InlineData("""{"kind":"Pod"}""", "application/json", 400, "kind must be AdmissionReview, got 'Pod'")]
    [InlineData("""{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"operation":"CREATE"}}""", "application/json", 400, "request.uid is missing")]
    public async Task Bad_input_gets_a_4xx_admission_review_with_the_reason(string body, string contentType, int code, string reason)
    {
        var (status, answer) = await PostAsync("/mutate", body, contentType);

        ((int)status).Should().Be(code);
        answer["response"]!["allowed"]!.GetValue<bool>().Should().BeFalse();
        answer["response"]!["status"]!["code"]!.GetValue<int>().Should().Be(code);
        answer["response"]!["status"]!["message"]!.GetValue<string>().Should().StartWith(reason);
    }

    [Fact]
    public async Task An_oversized_body_gets_413_whether_or_not_it_declares_its_length()
    {
        var big = Reviews.PodCreate();
        big["request"]!["object"]!["metadata"]!["annotations"] = new JsonObject { ["padding"] = new string('x', 70_000) };

        var (declared, answer) = await PostAsync("/mutate", big.ToJsonString());
        using var chunked = new PushStreamContent(Encoding.UTF8.GetBytes(big.ToJsonString()));
        using var response = await _client.PostAsync(new Uri(_host.HttpsUri, "/mutate"), chunked, TestContext.Current.CancellationToken);

        declared.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        answer["response"]!["status"]!["message"]!.GetValue<string>().Should().Be("request body exceeds 65536 bytes");
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_client_that_stalls_mid_body_gets_408_instead_of_holding_the_request()
    {
        using var raw = await RawTlsConnection.OpenAsync(_host.HttpsUri, _certificates.Ca);
        await raw.WriteAsync("POST /mutate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"kind\":");
        var started = System.Diagnostics.Stopwatch.StartNew();

        var response = await raw.ReadToEndAsync(TimeSpan.FromSeconds(10));

        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the body deadline is 1 s");
        response.Should().StartWith("HTTP/1.1 408 ");
        response.Should().Contain("request body not received within 1 s");
    }

    [Fact]
    public async Task Health_readiness_and_metrics_are_served_and_admission_is_https_only()
    {
        await PostAsync("/mutate", Reviews.PodCreate().ToJsonString());
        using var plain = new HttpClient();

        var healthz = await plain.GetStringAsync(new Uri(_host.HealthUri!, "/healthz"), TestContext.Current.CancellationToken);
        var readyz = await _client.GetStringAsync(new Uri(_host.HttpsUri, "/readyz"), TestContext.Current.CancellationToken);
        var metrics = await plain.GetStringAsync(new Uri(_host.HealthUri!, "/metrics"), TestContext.Current.CancellationToken);
        using var plainMutate = await plain.PostAsync(new Uri(_host.HealthUri!, "/mutate"), new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        healthz.Should().Be("ok");
        readyz.Should().Be("ok");
        metrics.Should().Contain("lxcfs_webhook_patched_pods_total")
            .And.Contain("lxcfs_webhook_requests_total{handler=\"mutate\",outcome=\"patched\"}")
            .And.Contain("lxcfs_webhook_request_duration_seconds_bucket{handler=\"mutate\",le=\"0.005\"}")
            .And.Contain("lxcfs_webhook_rejections_total")
            .And.Contain("lxcfs_webhook_errors_total");
        plainMutate.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tls_1_2_is_accepted_and_the_default_negotiation_is_at_least_1_2()
    {
        using var tls12 = await RawTlsConnection.OpenAsync(_host.HttpsUri, _certificates.Ca, System.Security.Authentication.SslProtocols.Tls12);
        using var best = await RawTlsConnection.OpenAsync(_host.HttpsUri, _certificates.Ca);

        tls12.Protocol.Should().Be(System.Security.Authentication.SslProtocols.Tls12);
        best.Protocol.Should().BeOneOf(System.Security.Authentication.SslProtocols.Tls12, System.Security.Authentication.SslProtocols.Tls13);
    }
}
