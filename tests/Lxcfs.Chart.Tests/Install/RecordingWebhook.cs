using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lxcfs.Chart.Tests.Install;

/// <summary>One admission request as the API server sent it.</summary>
internal sealed record AdmissionCall(string Path, string Namespace, string PodName);

/// <summary>
/// Stands in for the project's webhook in the chart's install test, which checks what the chart
/// decides (which pods the API server sends, to which URL, trusting which CA), not what the webhook
/// patches: it allows every pod and marks mutated ones with one annotation.
/// </summary>
internal sealed class RecordingWebhook : IAsyncDisposable
{
    public const string SeenAnnotation = "lxcfs-chart-test/seen";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<AdmissionCall> _calls = new();

    private RecordingWebhook(WebApplication app) => _app = app;

    public IReadOnlyCollection<AdmissionCall> Calls => _calls;

    public Uri Url { get; private set; } = null!;

    public static async Task<RecordingWebhook> StartAsync(TestCertificates certificates)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificates.Server)));
        var webhook = new RecordingWebhook(builder.Build());
        webhook._app.MapPost("/mutate", context => webhook.AnswerAsync(context, mutate: true));
        webhook._app.MapPost("/validate", context => webhook.AnswerAsync(context, mutate: false));
        await webhook._app.StartAsync();
        var address = webhook._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        webhook.Url = new Uri($"https://127.0.0.1:{new Uri(address).Port}");
        return webhook;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context, bool mutate)
    {
        var review = await JsonNode.ParseAsync(context.Request.Body) ?? throw new InvalidDataException("empty review");
        var request = review["request"]!;
        var pod = request["object"]!["metadata"]!;
        _calls.Enqueue(new AdmissionCall(context.Request.Path, (string)request["namespace"]!, (string?)pod["name"] ?? ""));

        var response = new JsonObject { ["uid"] = (string)request["uid"]!, ["allowed"] = true };
        if (mutate)
        {
            response["patchType"] = "JSONPatch";
            response["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Patch(pod["annotations"] is not null).ToJsonString()));
        }

        var answer = new JsonObject { ["apiVersion"] = (string)review["apiVersion"]!, ["kind"] = "AdmissionReview", ["response"] = response };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(JsonSerializerOptions.Default));
    }

    private static JsonArray Patch(bool hasAnnotations) => hasAnnotations
        ? [new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations/" + SeenAnnotation.Replace("/", "~1", StringComparison.Ordinal), ["value"] = "true" }]
        : [new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations", ["value"] = new JsonObject { [SeenAnnotation] = "true" } }];
}
