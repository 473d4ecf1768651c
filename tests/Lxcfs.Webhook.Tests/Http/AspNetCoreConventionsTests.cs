using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lxcfs.Webhook.Hosting;
using Lxcfs.Webhook.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using static Lxcfs.Webhook.Tests.Support.PodAssertions;

namespace Lxcfs.Webhook.Tests.Http;

/// <summary>
/// Started as any ASP.NET Core service is (--urls, ASPNETCORE_URLS/HTTPS_PORTS, Kestrel:Endpoints,
/// Kestrel:Certificates:Default), the webhook serves admission over HTTPS there, reloads the certificate
/// when its files change, and refuses plain-HTTP admission addresses at start.
/// </summary>
public sealed class AspNetCoreConventionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lxcfs-webhook-conventions-").FullName;

    private string CertFile => Path.Combine(_directory, "serving.crt");

    private string KeyFile => Path.Combine(_directory, "serving.key");

    public void Dispose() => Directory.Delete(_directory, true);

    public static TheoryData<string> Ways => ["--urls", "urls setting (ASPNETCORE_URLS)", "Kestrel:Endpoints", "https_ports setting (ASPNETCORE_HTTPS_PORTS)"];

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task Admission_is_served_where_ASP_NET_Core_settings_say_with_the_Kestrel_default_certificate_reloaded(string way)
    {
        var first = TestCertificates.Create("first");
        var second = TestCertificates.Create("second");
        first.WriteTo(CertFile, KeyFile);
        var port = WebhookHost.FreePort();
        var url = $"https://127.0.0.1:{port}";
        var settings = Settings();
        string[] args = [];
        switch (way)
        {
            case "--urls":
                args = ["--urls", url];
                break;
            case "Kestrel:Endpoints":
                settings["Kestrel:Endpoints:Admission:Url"] = url;
                break;
            case "https_ports setting (ASPNETCORE_HTTPS_PORTS)":
                settings["https_ports"] = port.ToString(CultureInfo.InvariantCulture);
                break;
            default:
                settings["urls"] = url;
                break;
        }

        await using var app = await StartAsync(args, settings);
        var endpoint = new Uri(url);
        using (var client = TrustingClient.Create(first.Ca))
        {
            var review = Reviews.PodCreate();
            using var content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri(endpoint, "/mutate"), content, TestContext.Current.CancellationToken);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var answer = (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            ShouldMountAllLxcfsFiles(Container(AdmissionRun.FromAnswer(answer, Reviews.Pod(review)).PatchedPod, 0));
        }

        second.WriteTo(CertFile, KeyFile);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var served = first.Thumbprint;
        while (served != second.Thumbprint && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            try
            {
                using var connection = await RawTlsConnection.OpenAsync(endpoint, second.Ca);
                served = connection.RemoteCertificate!.Thumbprint;
            }
            catch (System.Security.Authentication.AuthenticationException)
            {
                // Still the first certificate, which the second CA does not trust.
            }
        }

        served.Should().Be(second.Thumbprint, "the renewed files are served without a restart");
    }

    [Theory]
    [InlineData("urls", "http://127.0.0.1:18080", "http://127.0.0.1:18080: admission is served over HTTPS only")]
    [InlineData("Kestrel:Endpoints:Plain:Url", "http://127.0.0.1:18080", "http://127.0.0.1:18080: admission is served over HTTPS only")]
    [InlineData("urls", "https://webhook.example:8443", "https://webhook.example:8443: give an IP address, localhost or *")]
    public async Task Plain_HTTP_or_named_admission_addresses_are_refused_at_start_with_the_reason(string key, string value, string reason)
    {
        TestCertificates.Create().WriteTo(CertFile, KeyFile);
        var settings = Settings();
        settings[key] = value;

        var start = async () =>
        {
            await using var app = await StartAsync([], settings);
        };

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(reason);
    }

    [Fact]
    public async Task A_Kestrel_default_certificate_without_its_key_is_refused_at_start()
    {
        TestCertificates.Create().WriteTo(CertFile, KeyFile);
        var settings = Settings();
        settings.Remove("Kestrel:Certificates:Default:KeyPath");
        settings["urls"] = $"https://127.0.0.1:{WebhookHost.FreePort()}";

        var start = async () =>
        {
            await using var app = await StartAsync([], settings);
        };

        (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>())
            .Which.Message.Should().Contain("Kestrel:Certificates:Default:KeyPath is required");
    }

    [Fact]
    public async Task The_ASP_NET_images_HTTP_ports_setting_opens_no_plain_admission_port()
    {
        TestCertificates.Create().WriteTo(CertFile, KeyFile);
        var httpPort = WebhookHost.FreePort();
        var settings = Settings();
        settings["http_ports"] = httpPort.ToString(CultureInfo.InvariantCulture);
        settings["urls"] = $"https://127.0.0.1:{WebhookHost.FreePort()}";

        await using var app = await StartAsync([], settings);

        using var plain = new HttpClient();
        var connect = () => plain.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/healthz"), TestContext.Current.CancellationToken);
        await connect.Should().ThrowAsync<HttpRequestException>();
    }

    // No Tls:CertFile/KeyFile: the certificate comes the ASP.NET Core way.
    private Dictionary<string, string?> Settings() => new()
    {
        ["Tls:HealthPort"] = "0",
        ["Tls:ReloadInterval"] = "00:00:00.200",
        ["Kestrel:Certificates:Default:Path"] = CertFile,
        ["Kestrel:Certificates:Default:KeyPath"] = KeyFile,
        ["Logging:Serilog:MinimumLevel"] = "Warning",
    };

    private static async Task<WebApplication> StartAsync(string[] args, Dictionary<string, string?> settings)
    {
        var app = WebhookApplication.Create(args, c => c.AddInMemoryCollection(settings));
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
