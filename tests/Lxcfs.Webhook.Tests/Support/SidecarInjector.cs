using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lxcfs.Webhook.Tests.Support;

/// <summary>
/// Another team's mutating webhook, as service meshes and log agents run them: it adds one sidecar
/// container (once) to every pod it sees, and answers on loopback over HTTPS with the given certificate.
/// </summary>
public sealed class SidecarInjector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SidecarInjector(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    public Uri Uri { get; }

    public static async Task<SidecarInjector> StartAsync(TestCertificates certificates, string sidecar)
    {
        using var pem = X509Certificate2.CreateFromPem(certificates.CertificatePem, certificates.KeyPem);
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        app.MapPost("/inject", async context =>
        {
            var review = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
            var pod = review["request"]!["object"]!;
            var response = new JsonObject { ["uid"] = review["request"]!["uid"]!.GetValue<string>(), ["allowed"] = true };
            var containers = (JsonArray)pod["spec"]!["containers"]!;
            if (!containers.Any(c => c!["name"]!.GetValue<string>() == sidecar))
            {
                var patch = new JsonArray(new JsonObject
                {
                    ["op"] = "add",
                    ["path"] = "/spec/containers/-",
                    ["value"] = new JsonObject { ["name"] = sidecar, ["image"] = "busybox:1.36" },
                });
                response["patchType"] = "JSONPatch";
                response["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJsonString()));
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject
            {
                ["apiVersion"] = review["apiVersion"]!.GetValue<string>(),
                ["kind"] = "AdmissionReview",
                ["response"] = response,
            }.ToJsonString());
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new SidecarInjector(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
