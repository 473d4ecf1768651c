using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Lxcfs.WebhookBench;

/// <summary>
/// Open-loop load: requests are scheduled at a fixed rate whether or not earlier ones finished, and
/// latency is measured from the scheduled time, so a stall shows in the tail (no coordinated omission).
/// A warm-up phase at the same rate comes first and is not counted: it opens the TLS connections and
/// gets both this client's and the server's code past the JIT's first tiers. The client's own lateness
/// (how long after its scheduled time a request was handed to the socket) is reported separately, so a
/// tail caused by the client or the machine rather than by the server is visible as such.
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

        await RunPhaseAsync(client, url, body, rate, Math.Min(seconds, 3));
        var run = await RunPhaseAsync(client, url, body, rate, seconds);

        Console.WriteLine(FormattableString.Invariant(
            $"rate={rate} achieved={run.Achieved:0} p50_ms={Percentile(run.Latencies, 0.50):0.000} p99_ms={Percentile(run.Latencies, 0.99):0.000} max_ms={run.Latencies[^1]:0.000} client_lag_p99_ms={Percentile(run.Lags, 0.99):0.000} failures={run.Failures}"));
        return run.Failures == 0 ? 0 : 1;
    }

    private sealed record Phase(double Achieved, double[] Latencies, double[] Lags, int Failures);

    private static async Task<Phase> RunPhaseAsync(HttpClient client, Uri url, byte[] body, int rate, int seconds)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        var lags = new double[total];
        var tasks = new Task<bool>[total];
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();

        // A dedicated thread keeps the schedule: it sleeps between sends, to the microsecond (spinning would
        // take a core from the server on a small machine; Thread.Sleep rounds up to whole milliseconds),
        // and never waits for an answer.
        var scheduler = new Thread(() =>
        {
            for (var i = 0; i < total; i++)
            {
                var scheduled = start + (long)(i * interval);
                while (Stopwatch.GetTimestamp() is var now && now < scheduled)
                {
                    Native.Sleep(Stopwatch.GetElapsedTime(now, scheduled));
                }

                lags[i] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
                tasks[i] = TimedSendAsync(client, url, body, scheduled, latencies, i);
            }
        }) { IsBackground = true, Name = "rate-scheduler", Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        await Task.Run(scheduler.Join);
        var results = await Task.WhenAll(tasks);
        var achieved = total / Stopwatch.GetElapsedTime(start).TotalSeconds;
        Array.Sort(latencies);
        Array.Sort(lags);
        return new Phase(achieved, latencies, lags, results.Count(ok => !ok));
    }

    private static async Task<bool> TimedSendAsync(HttpClient client, Uri url, byte[] body, long scheduled, double[] latencies, int index)
    {
        try
        {
            return await SendAsync(client, url, body);
        }
        catch (HttpRequestException)
        {
            return false;
        }
        finally
        {
            latencies[index] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
        }
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

    // Connections are kept and reused (HTTP/1.1 keep-alive): after the warm-up no request pays a handshake.
    internal static HttpClient CreateClient(X509Certificate2 ca) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 64,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
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
