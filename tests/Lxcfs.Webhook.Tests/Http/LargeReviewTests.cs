using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lxcfs.Webhook.Tests.Support;
using static Lxcfs.Webhook.Tests.Support.PodAssertions;

namespace Lxcfs.Webhook.Tests.Http;

/// <summary>
/// Reviews as large as the API server sends (3 MiB: its cap on a request), many at once, against a budget
/// of memory in flight that holds two of them (a chunked one, of unknown length, takes it all): the
/// others wait their turn, and every one is answered.
/// </summary>
public sealed class LargeReviewTests
{
    [Fact]
    public async Task Twelve_reviews_of_3_MiB_at_once_all_get_their_patch_through_a_budget_that_holds_two()
    {
        var certificates = TestCertificates.Create();
        await using var host = await WebhookHost.StartAsync(certificates, new Dictionary<string, string?>
        {
            ["Webhook:InFlightBytes"] = (16 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook:BodyReadTimeout"] = "00:00:30",
        });
        using var client = TrustingClient.Create(certificates.Ca);
        var review = Reviews.PodCreate();
        review["request"]!["object"]!["metadata"]!["annotations"] = new JsonObject { ["kubectl.kubernetes.io/last-applied-configuration"] = new string('c', 3 * 1024 * 1024 - 4096) };
        var body = review.ToJsonString();

        // Two of them chunked, with no Content-Length: their copy grows as they arrive.
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            using HttpContent content = i % 6 == 0
                ? new PushStreamContent(Encoding.UTF8.GetBytes(body))
                : new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri(host.HttpsUri, "/mutate"), content, TestContext.Current.CancellationToken);
            return (response.StatusCode, Answer: (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!);
        }));

        Encoding.UTF8.GetByteCount(body).Should().BeInRange(3 * 1024 * 1024 - 4096, 3 * 1024 * 1024);
        answers.Should().AllSatisfy(a =>
        {
            a.StatusCode.Should().Be(HttpStatusCode.OK);
            ShouldMountAllLxcfsFiles(Container(AdmissionRun.FromAnswer(a.Answer, Reviews.Pod(review)).PatchedPod, 0));
        });
    }
}
