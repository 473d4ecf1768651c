using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Lxcfs.WebhookBench;

/// <summary>
/// The webhook's memory under hostile and under the largest honest input, read from the server's
/// /proc/PID/status while it runs: resident size before, peak (VmHWM, reset first) and a while after.
/// Phase "malformed": 600 bad reviews, 64 at a time (20 MiB bodies, pods of 3,000 containers, nesting
/// 100,000 deep, a 3 MiB string never closed). Phase "largest": 200 valid reviews of 3 MiB (the API
/// server's own cap on a request), 32 at a time. Prints the answers by status code for each phase.
/// </summary>
internal static class HostileClient
{
    private const int MiB = 1024 * 1024;

    public static async Task<int> RunAsync(Arguments args)
    {
        var url = new Uri(args["url"]);
        var pid = args.Int("pid");
        var settle = TimeSpan.FromSeconds(args.Int("settle"));
        var recorded = JsonNode.Parse(await File.ReadAllTextAsync(args["body"]))!.AsObject();
        using var client = RateClient.CreateClient(X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(args["ca"])));
        client.Timeout = TimeSpan.FromSeconds(60);

        var kinds = new Dictionary<string, Func<byte[]>>(StringComparer.Ordinal)
        {
            ["too-large"] = TooLarge,
            ["containers"] = () => ManyContainers(recorded, 3000),
            ["nested"] = () => DeeplyNested(recorded),
            ["unterminated"] = () => Unterminated(recorded),
        };
        // --only KIND: one kind of bad review, to see which one costs what.
        var only = args.Optional("only");
        var malformed = kinds.Where(k => only is null || k.Key == only).Select(k => k.Value()).ToArray();
        var largest = Largest(recorded, 3 * MiB);
        var before = Rss(pid);
        ResetPeak(pid);
        var bad = await RunPhaseAsync(client, url, i => malformed[i % malformed.Length], int.Parse(args.Optional("malformed") ?? "600", CultureInfo.InvariantCulture), int.Parse(args.Optional("concurrency") ?? "64", CultureInfo.InvariantCulture));
        var afterBad = Peak(pid);
        ResetPeak(pid);
        var big = await RunPhaseAsync(client, url, _ => largest, 200, 32);
        var afterBig = Peak(pid);
        await Task.Delay(settle);
        var settled = Rss(pid);

        Console.WriteLine(FormattableString.Invariant(
            $"rss_before_mb={before:0} malformed_peak_mb={afterBad:0} malformed_answers={bad} largest_peak_mb={afterBig:0} largest_answers={big} largest_body_mb={largest.Length / (double)MiB:0.00} rss_after_{settle.TotalSeconds:0}s_mb={settled:0}"));
        return 0;
    }

    // Answers by status ("200:400 413:200"), or the exception's type when no answer came.
    private static async Task<string> RunPhaseAsync(HttpClient client, Uri url, Func<int, byte[]> body, int count, int concurrency)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < count;)
            {
                string outcome;
                try
                {
                    using var content = new ByteArrayContent(body(i));
                    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    using var response = await client.PostAsync(url, content);
                    outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    outcome = e.GetType().Name;
                }

                lock (counts)
                {
                    counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
                }
            }
        });
        await Task.WhenAll(workers);
        return string.Join(' ', counts.Select(c => $"{c.Key}:{c.Value}"));
    }

    private static byte[] TooLarge() => Encoding.UTF8.GetBytes("{\"kind\":\"AdmissionReview\",\"x\":\"" + new string('a', 20 * MiB) + "\"}");

    private static byte[] ManyContainers(JsonObject recorded, int containers)
    {
        var review = (JsonObject)recorded.DeepClone();
        var list = new JsonArray();
        for (var i = 0; i < containers; i++)
        {
            list.Add(new JsonObject
            {
                ["name"] = $"c{i}",
                ["image"] = "busybox:1.36",
                ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = $"/data/{i}" }),
                ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "1", ["memory"] = "64Mi" } },
            });
        }

        review["request"]!["object"]!["spec"]!["containers"] = list;
        return Encoding.UTF8.GetBytes(review.ToJsonString());
    }

    private static byte[] DeeplyNested(JsonObject recorded)
    {
        var text = recorded.ToJsonString();
        var at = text.IndexOf("\"spec\":", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text[..at] + "\"deep\":" + new string('[', 100_000) + new string(']', 100_000) + "," + text[at..]);
    }

    private static byte[] Unterminated(JsonObject recorded)
    {
        var text = recorded.ToJsonString();
        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, text.Length / 2), "\"", new string('b', 3 * MiB)));
    }

    // A valid review of about `size` bytes: the recorded pod with one large annotation, as a pod with a
    // big last-applied-configuration carries.
    private static byte[] Largest(JsonObject recorded, int size)
    {
        var review = (JsonObject)recorded.DeepClone();
        var metadata = review["request"]!["object"]!["metadata"]!.AsObject();
        var overhead = Encoding.UTF8.GetByteCount(review.ToJsonString()) + 200;
        metadata["annotations"] = new JsonObject { ["kubectl.kubernetes.io/last-applied-configuration"] = new string('c', size - overhead) };
        return Encoding.UTF8.GetBytes(review.ToJsonString());
    }

    private static double Rss(int pid) => StatusKb(pid, "VmRSS:") / 1024.0;

    private static double Peak(int pid) => StatusKb(pid, "VmHWM:") / 1024.0;

    // Writing 5 to clear_refs resets the peak resident size (VmHWM) to the current one.
    private static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static long StatusKb(int pid, string field) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
