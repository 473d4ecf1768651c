using Prometheus;

namespace Lxcfs.Webhook.Observability;

/// <summary>The webhook's Prometheus series, served on /metrics.</summary>
public static class WebhookMetrics
{
    // Must run before anything else touches the default registry. The default adapters republish every
    // .NET Meter and EventCounter (Kestrel records several per request) and cut throughput tenfold on
    // two cores; process metrics stay.
    private static readonly bool s_defaultsSuppressed = SuppressDefaults();

    public static readonly Counter Requests = Metrics.CreateCounter(
        "lxcfs_webhook_requests_total", "Admission requests by handler and outcome (allowed, patched, denied, bad_request).",
        new CounterConfiguration { LabelNames = ["handler", "outcome"] });

    public static readonly Counter PatchedPods = Metrics.CreateCounter(
        "lxcfs_webhook_patched_pods_total", "Pods that received a non-empty patch.");

    public static readonly Counter SkippedPods = Metrics.CreateCounter(
        "lxcfs_webhook_skipped_pods_total", "Pod creations left without the lxcfs files, by reason (the status annotation's skipped: value).",
        new CounterConfiguration { LabelNames = ["reason"] });

    public static readonly Counter Rejections = Metrics.CreateCounter(
        "lxcfs_webhook_rejections_total", "Pods denied by the validating handler.");

    public static readonly Counter Errors = Metrics.CreateCounter(
        "lxcfs_webhook_errors_total", "Requests that could not be answered normally, by reason.",
        new CounterConfiguration { LabelNames = ["handler", "reason"] });

    public static readonly Histogram Latency = Metrics.CreateHistogram(
        "lxcfs_webhook_request_duration_seconds", "Time from request start to the answer being written.",
        new HistogramConfiguration
        {
            LabelNames = ["handler"],
            Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
        });

    /// <summary>Forces the series (and the suppression of the costly default adapters) into existence.</summary>
    public static bool EnsureRegistered() => s_defaultsSuppressed;

    private static bool SuppressDefaults()
    {
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressEventCounters = true,
            SuppressMeters = true,
            SuppressDebugMetrics = true,
            SuppressProcessMetrics = false,
        });

        // No tracing here: the default exemplar lookup (the current trace) would only cost time per observation.
        Metrics.DefaultFactory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        return true;
    }
}
