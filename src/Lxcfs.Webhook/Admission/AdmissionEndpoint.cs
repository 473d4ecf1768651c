using System.Buffers;
using System.Diagnostics;
using Lxcfs.Webhook.Configuration;
using Lxcfs.Webhook.Observability;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Lxcfs.Webhook.Admission;

/// <summary>
/// The HTTP edge of one handler: read (capped, with a deadline), decode, handle, respond. Bad input gets
/// a 4xx whose body is still an AdmissionReview carrying the reason (and the uid when it was readable).
/// </summary>
public sealed class AdmissionEndpoint
{
    private readonly IAdmissionHandler _handler;
    private readonly WebhookOptions _options;
    private readonly ILogger _logger;

    public AdmissionEndpoint(IAdmissionHandler handler, IOptions<WebhookOptions> options, ILogger logger)
    {
        _handler = handler;
        _options = options.Value;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await HandleCoreAsync(context);
        }
        finally
        {
            WebhookMetrics.Latency.WithLabels(_handler.Name).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task HandleCoreAsync(HttpContext context)
    {
        if (!context.Request.IsHttps)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var (body, failure) = await ReadBodyAsync(context);
        if (failure is { } f)
        {
            await RejectAsync(context, f.Status, f.Reason, null);
            return;
        }

        AdmissionRequest request;
        try
        {
            request = AdmissionReviewDecoder.Decode(body);
        }
        catch (AdmissionDecodeException e)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, e.Message, e.Uid);
            return;
        }

        using (_logger.BeginScope(new KeyValuePair<string, object>[] { new("uid", request.Uid), new("handler", _handler.Name) }))
        {
            var response = Decide(request);
            await WriteAsync(context, StatusCodes.Status200OK, request.ApiVersion, request.Uid, response);
        }
    }

    private async Task<(byte[] Body, (int Status, string Reason)? Failure)> ReadBodyAsync(HttpContext context)
    {
        var mediaType = context.Request.ContentType?.Split(';', 2)[0].Trim();
        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return ([], (StatusCodes.Status400BadRequest, $"Content-Type must be application/json, got '{context.Request.ContentType}'"));
        }

        if (context.Request.ContentLength > _options.MaxRequestBytes)
        {
            return ([], (StatusCodes.Status413PayloadTooLarge, TooLarge()));
        }

        // This endpoint enforces its own cap on the bytes that actually arrive.
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = null;
        BodyReadStatus status;
        byte[] body;
        try
        {
            (status, body) = await BodyReader.ReadAsync(context.Request.BodyReader, _options.MaxRequestBytes, _options.BodyReadTimeout, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own guards (minimum data rate, malformed chunking) fired first.
            return ([], (e.StatusCode, e.Message));
        }

        return status switch
        {
            BodyReadStatus.TooLarge => ([], (StatusCodes.Status413PayloadTooLarge, TooLarge())),
            BodyReadStatus.TimedOut => ([], (StatusCodes.Status408RequestTimeout, $"request body not received within {_options.BodyReadTimeout.TotalSeconds:0.###} s")),
            _ => (body, null),
        };
    }

    private string TooLarge() => $"request body exceeds {_options.MaxRequestBytes} bytes";

    private AdmissionResponse Decide(AdmissionRequest request)
    {
        AdmissionResponse response;
        try
        {
            response = _handler.Handle(request);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug, not bad input: still answer with the uid so the API server applies the failure policy.
            AdmissionLog.HandlerFailed(_logger, e);
            WebhookMetrics.Errors.WithLabels(_handler.Name, "handler_exception").Inc();
            return AdmissionResponse.Errored(StatusCodes.Status500InternalServerError, $"internal error: {e.Message}");
        }

        Record(request, response);
        return response;
    }

    private void Record(AdmissionRequest request, AdmissionResponse response)
    {
        if (!response.Allowed)
        {
            WebhookMetrics.Requests.WithLabels(_handler.Name, "denied").Inc();
            WebhookMetrics.Rejections.Inc();
            AdmissionLog.Denied(_logger, request.Kind.Kind, request.Namespace, PodName(request), response.Message);
        }
        else if (response.Patch.Count > 0)
        {
            WebhookMetrics.Requests.WithLabels(_handler.Name, "patched").Inc();
            WebhookMetrics.PatchedPods.Inc();
            AdmissionLog.Patched(_logger, request.Namespace, PodName(request), response.Patch.Count, request.DryRun);
        }
        else
        {
            WebhookMetrics.Requests.WithLabels(_handler.Name, "allowed").Inc();
            AdmissionLog.Allowed(_logger, request.Kind.Kind, request.Operation, request.Namespace, PodName(request));
        }
    }

    // With generateName the request carries no name yet; the prefix is the best identification there is.
    private static string? PodName(AdmissionRequest request) =>
        request.Name ?? (request.ObjectJson?["metadata"]?["generateName"]?.GetValue<string>() is { } prefix ? prefix + "*" : null);

    private async Task RejectAsync(HttpContext context, int status, string reason, string? uid)
    {
        WebhookMetrics.Requests.WithLabels(_handler.Name, "bad_request").Inc();
        WebhookMetrics.Errors.WithLabels(_handler.Name, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        using (_logger.BeginScope(new KeyValuePair<string, object?>[] { new("uid", uid), new("handler", _handler.Name) }))
        {
            AdmissionLog.BadRequest(_logger, status, reason);
        }

        if (status is StatusCodes.Status408RequestTimeout or StatusCodes.Status413PayloadTooLarge)
        {
            // The rest of the body is not wanted: close instead of draining it.
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }

        await WriteAsync(context, status, AdmissionApiVersions.V1, uid, AdmissionResponse.Errored(status, reason));
    }

    private static async Task WriteAsync(HttpContext context, int status, string apiVersion, string? uid, AdmissionResponse response)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var buffer = new ArrayBufferWriter<byte>(1024);
        AdmissionReviewEncoder.Write(buffer, apiVersion, uid, response);
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
