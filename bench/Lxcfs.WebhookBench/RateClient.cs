using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Lxcfs.WebhookBench;

/// <summary>
/// Open-loop load: requests are scheduled at a fixed rate whether or not earlier ones finished, and
/// latency is measured from the scheduled time, so a stall shows in the tail (no coordinated omission).
/// </summary>
internal static class RateClient
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var url = new Uri(args["url"]);
        var body = await File.ReadAllBytesAsync(args["body"]);
        var rate = args.Int("rate");
        var seconds = args.Int("seconds");
        using var client = CreateClient(X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(args["ca"])));

        await SendAsync(client, url, body); // connection and JIT warm-up
        var total = rate * seconds;
        var latencies = new double[total];
        var failures = 0;
        var tasks = new Task[total];
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        for (var i = 0; i < total; i++)
        {
            var scheduled = interval * i;
            var wait = scheduled - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                var ok = await SendAsync(client, url, body);
                latencies[index] = (clock.Elapsed - scheduled).TotalMilliseconds;
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            });
        }

        await Task.WhenAll(tasks);
        var achieved = total / clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine(FormattableString.Invariant(
            $"rate={rate} achieved={achieved:0} p50_ms={Percentile(latencies, 0.50):0.000} p99_ms={Percentile(latencies, 0.99):0.000} max_ms={latencies[^1]:0.000} failures={failures}"));
        return failures == 0 ? 0 : 1;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task<bool> SendAsync(HttpClient client, Uri url, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(url, content);
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    }

    private static HttpClient CreateClient(X509Certificate2 ca) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 64,
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            },
        },
    });
}
