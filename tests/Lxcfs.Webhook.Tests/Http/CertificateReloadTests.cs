using System.Net;
using Lxcfs.Webhook.Tests.Support;

namespace Lxcfs.Webhook.Tests.Http;

/// <summary>Certificates come from files and are picked up again when the files change, without a restart.</summary>
public sealed class CertificateReloadTests
{
    [Fact]
    public async Task A_renewed_certificate_is_served_to_new_connections_without_restart()
    {
        var first = TestCertificates.Create("first");
        var second = TestCertificates.Create("second");
        await using var host = await WebhookHost.StartAsync(first);
        using (var before = await RawTlsConnection.OpenAsync(host.HttpsUri, first.Ca))
        {
            before.RemoteCertificate!.Thumbprint.Should().Be(first.Thumbprint);
        }

        second.WriteTo(host.CertFile, host.KeyFile);

        var served = await Eventually(async () =>
        {
            using var after = await RawTlsConnection.OpenAsync(host.HttpsUri, second.Ca);
            return after.RemoteCertificate!.Thumbprint;
        });
        served.Should().Be(second.Thumbprint);
    }

    [Fact]
    public async Task Without_certificate_files_the_pod_is_not_ready_until_they_appear()
    {
        var certificates = TestCertificates.Create();
        await using var host = await WebhookHost.StartAsync(null);
        using var plain = new HttpClient();

        using var notReady = await plain.GetAsync(new Uri(host.HealthUri!, "/readyz"), TestContext.Current.CancellationToken);
        using var alive = await plain.GetAsync(new Uri(host.HealthUri!, "/healthz"), TestContext.Current.CancellationToken);
        certificates.WriteTo(host.CertFile, host.KeyFile);
        var ready = await Eventually(async () =>
        {
            using var response = await plain.GetAsync(new Uri(host.HealthUri!, "/readyz"));
            return response.StatusCode == HttpStatusCode.OK ? "ready" : throw new InvalidOperationException(response.StatusCode.ToString());
        });

        notReady.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        alive.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.Should().Be("ready");
    }

    private static async Task<string> Eventually(Func<Task<string>> probe, string? unwanted = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                var value = await probe();
                if (value != unwanted)
                {
                    return value;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("condition not met within 10 s");
            }

            await Task.Delay(100);
        }
    }
}
