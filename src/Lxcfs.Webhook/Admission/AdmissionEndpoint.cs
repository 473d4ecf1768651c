using System.Diagnostics;
using Lxcfs.Buffers;
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
    private readonly AdmissionOutcomes _outcomes;
    private readonly InFlightBudget _budget;

    public AdmissionEndpoint(IAdmissionHandler handler, IOptions<WebhookOptions> options, InFlightBudget budget, ILogger logger)
    {
        _handler = handler;
        _options = options.Value;
        _budget = budget;
        _logger = logger;
        _outcomes = new AdmissionOutcomes(handler.Name);
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
            _outcomes.Latency.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task HandleCoreAsync(HttpContext context)
    {
        if (!context.Request.IsHttps)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (context.Request.ContentLength > _options.MaxRequestBytes)
        {
            await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge(), null);
            return;
        }

        // The memory this review may take (its body, read, and its answer) is reserved before any of it
        // is read: a burst of large reviews waits instead of growing the heap past the pod's limit.
        InFlightBudget.Lease lease;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            deadline.CancelAfter(_options.BodyReadTimeout);
            try
            {
                lease = await _budget.ReserveAsync(Reservation(_options, context.Request.ContentLength ?? _options.MaxRequestBytes), deadline.Token);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                await RejectAsync(context, StatusCodes.Status503ServiceUnavailable,
                    $"too many large reviews at once: {_options.InFlightBytes} bytes in flight for over {_options.BodyReadTimeout.TotalSeconds:0.###} s", null);
                return;
            }
        }

        using (lease)
        {
            await AnswerAsync(context);
        }
    }

    /// <summary>What a review of <paramref name="bodyBytes"/> may hold: the body as it arrived and copied, and the patch encoded twice.</summary>
    public static long Reservation(WebhookOptions options, long bodyBytes) => (2 * bodyBytes) + (3L * options.MaxPatchBytes);

    private async Task AnswerAsync(HttpContext context)
    {
        var (body, failure) = await ReadBodyAsync(context);
        if (body is null)
        {
            await RejectAsync(context, failure!.Value.Status, failure.Value.Reason, null);
            return;
        }

        (string ApiVersion, string Uid, AdmissionResponse Response) decision;
        try
        {
            decision = Decide(body);
        }
        catch (AdmissionDecodeException e)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, e.Message, e.Uid);
            return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, decision.ApiVersion, decision.Uid, decision.Response);
    }

    // The body is consumed as soon as it is decided on, before the answer is written; the request's strings
    // point into it and throw if anything kept them past this method.
    private (string ApiVersion, string Uid, AdmissionResponse Response) Decide(RequestBody body)
    {
        using (body)
        {
            var request = AdmissionReviewDecoder.Decode(body.Source);
            return (request.ApiVersion, request.Uid, Decide(request));
        }
    }

    private async ValueTask<(RequestBody? Body, (int Status, string Reason)? Failure)> ReadBodyAsync(HttpContext context)
    {
        if (!IsJson(context.Request.ContentType))
        {
            return (null, (StatusCodes.Status400BadRequest, $"Content-Type must be application/json, got '{context.Request.ContentType}'"));
        }

        // This endpoint enforces its own cap on the bytes that actually arrive.
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = null;
        BodyReadStatus status;
        RequestBody? body;
        try
        {
            (status, body) = await BodyReader.ReadAsync(context.Request.BodyReader, _options.MaxRequestBytes, context.Request.ContentLength, _options.BodyReadTimeout, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own guards (minimum data rate, malformed chunking) fired first.
            return (null, (e.StatusCode, e.Message));
        }

        return status switch
        {
            BodyReadStatus.TooLarge => (null, (StatusCodes.Status413PayloadTooLarge, TooLarge())),
            BodyReadStatus.TimedOut => (null, (StatusCodes.Status408RequestTimeout, $"request body not received within {_options.BodyReadTimeout.TotalSeconds:0.###} s")),
            _ => (body, null),
        };
    }

    // "application/json", any case, optionally followed by parameters; without splitting strings.
    private static bool IsJson(string? contentType)
    {
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        return (semicolon < 0 ? mediaType : mediaType[..semicolon]).Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
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
            AdmissionLog.HandlerFailed(_logger, e, request.Uid, _handler.Name);
            _outcomes.HandlerException.Inc();
            return AdmissionResponse.Errored(StatusCodes.Status500InternalServerError, $"internal error: {e.Message}");
        }

        Record(request, response);
        return response;
    }

    private void Record(AdmissionRequest request, AdmissionResponse response)
    {
        if (!response.Allowed)
        {
            _outcomes.Denied.Inc();
            WebhookMetrics.Rejections.Inc();
            if (_logger.IsEnabled(LogLevel.Information))
            {
                AdmissionLog.Denied(_logger, request.Kind.Kind, request.Namespace, PodName(request), response.Message, request.Uid, _handler.Name);
            }
        }
        else if (response.PatchOperations > 0)
        {
            _outcomes.Patched.Inc();
            WebhookMetrics.PatchedPods.Inc();
            if (response.Note is { } note && _logger.IsEnabled(LogLevel.Information))
            {
                AdmissionLog.Noted(_logger, request.Namespace, PodName(request), note, response.PatchOperations, request.DryRun, request.Uid, _handler.Name);
            }
            else if (_logger.IsEnabled(LogLevel.Information))
            {
                AdmissionLog.Patched(_logger, request.Namespace, PodName(request), response.PatchOperations, request.DryRun, request.Uid, _handler.Name);
            }
        }
        else
        {
            _outcomes.Allowed.Inc();
            if (response.Note is { } note && _logger.IsEnabled(LogLevel.Information))
            {
                AdmissionLog.Noted(_logger, request.Namespace, PodName(request), note, 0, request.DryRun, request.Uid, _handler.Name);
            }
            else if (_logger.IsEnabled(LogLevel.Debug))
            {
                AdmissionLog.Allowed(_logger, request.Kind.Kind, request.Operation, request.Namespace, PodName(request), request.Uid, _handler.Name);
            }
        }
    }

    // With generateName the request carries no name yet; the prefix is the best identification there is.
    private static string? PodName(AdmissionRequest request) =>
        request.Name ?? (request.Pod?.Metadata?.GenerateName is { } prefix ? prefix + "*" : null);

    private async Task RejectAsync(HttpContext context, int status, string reason, string? uid)
    {
        _outcomes.BadRequest.Inc();
        WebhookMetrics.Errors.WithLabels(_handler.Name, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        AdmissionLog.BadRequest(_logger, status, reason, uid, _handler.Name);

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
        using var buffer = new PooledBufferWriter(4096);
        AdmissionReviewEncoder.Write(buffer, apiVersion, uid, response);
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
