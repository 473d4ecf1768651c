using Prometheus;

namespace Lxcfs.Webhook.Observability;

/// <summary>One handler's labelled series, resolved once instead of by label lookup on every request.</summary>
internal sealed class AdmissionOutcomes(string handler)
{
    public Histogram.Child Latency { get; } = WebhookMetrics.Latency.WithLabels(handler);

    public Counter.Child Allowed { get; } = WebhookMetrics.Requests.WithLabels(handler, "allowed");

    public Counter.Child Patched { get; } = WebhookMetrics.Requests.WithLabels(handler, "patched");

    public Counter.Child Denied { get; } = WebhookMetrics.Requests.WithLabels(handler, "denied");

    public Counter.Child BadRequest { get; } = WebhookMetrics.Requests.WithLabels(handler, "bad_request");

    public Counter.Child HandlerException { get; } = WebhookMetrics.Errors.WithLabels(handler, "handler_exception");
}
