using Lxcfs.Webhook.Admission;
using Lxcfs.Webhook.Pods;
using Lxcfs.Webhook.Tls;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Lxcfs.Webhook.Hosting;

/// <summary>The routes: POST /mutate and /validate (HTTPS only), /healthz, /readyz, /metrics.</summary>
public static class EndpointExtensions
{
    public static WebApplication MapLxcfsWebhook(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<Configuration.WebhookOptions>>();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        // Created with the endpoints: it watches the budget they reserve from.
        app.Services.GetRequiredService<MemoryReclaimer>();
        MapAdmission(app, "/mutate", app.Services.GetRequiredService<MutatingHandler>(), options, loggers);
        MapAdmission(app, "/validate", app.Services.GetRequiredService<ValidatingHandler>(), options, loggers);

        var store = app.Services.GetRequiredService<CertificateStore>();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => store.Current is null
            ? Results.Text("no serving certificate yet", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok"));
        app.MapMetrics("/metrics");
        return app;
    }

    // Routing matches the path only, so the API server's "?timeout=10s" is ignored.
    private static void MapAdmission(WebApplication app, string path, IAdmissionHandler handler, IOptions<Configuration.WebhookOptions> options, ILoggerFactory loggers)
    {
        var endpoint = new AdmissionEndpoint(handler, options, app.Services.GetRequiredService<InFlightBudget>(), loggers.CreateLogger("Lxcfs.Webhook.Admission"));
        app.MapPost(path, endpoint.HandleAsync);
    }
}
