using System.Text.Json;
using Lxcfs.Webhook.Json;

namespace Lxcfs.Webhook.Admission;

/// <summary>
/// Turns an AdmissionReview body (v1 or v1beta1) into an <see cref="AdmissionRequest"/> or a reason. The body
/// is parsed once into a <see cref="JsonDocument"/> (pooled, read-only): no tree of nodes is built.
/// </summary>
public static class AdmissionReviewDecoder
{
    // managedFields nest deeply; the API server's own limit on object depth is far above the default 64.
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 1000 };

    /// <summary>Decodes <paramref name="body"/>, which must stay unchanged until the request is disposed.</summary>
    public static AdmissionRequest Decode(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new AdmissionDecodeException("request body is empty");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, s_documentOptions);
        }
        catch (JsonException e)
        {
            throw new AdmissionDecodeException($"request body is not JSON: {e.Message}");
        }

        try
        {
            return Decode(document.RootElement) with { Document = document };
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>For callers holding a span: the bytes are copied first.</summary>
    public static AdmissionRequest Decode(ReadOnlySpan<byte> body) => Decode(new ReadOnlyMemory<byte>(body.ToArray()));

    private static AdmissionRequest Decode(JsonElement review)
    {
        if (review.ValueKind != JsonValueKind.Object)
        {
            throw new AdmissionDecodeException("request body is not a JSON object");
        }

        var kind = review.OptionalString("kind"u8);
        if (kind != "AdmissionReview")
        {
            throw new AdmissionDecodeException($"kind must be AdmissionReview, got '{kind}'");
        }

        var apiVersion = review.OptionalString("apiVersion"u8);
        if (!AdmissionApiVersions.IsSupported(apiVersion))
        {
            throw new AdmissionDecodeException(
                $"apiVersion must be {AdmissionApiVersions.V1} or {AdmissionApiVersions.V1Beta1}, got '{apiVersion}'");
        }

        if (review.Member("request"u8) is not { ValueKind: JsonValueKind.Object } request)
        {
            throw new AdmissionDecodeException("request is missing");
        }

        return DecodeRequest(apiVersion!, request);
    }

    private static AdmissionRequest DecodeRequest(string apiVersion, JsonElement request)
    {
        var uid = request.OptionalString("uid"u8);
        if (string.IsNullOrEmpty(uid))
        {
            throw new AdmissionDecodeException("request.uid is missing");
        }

        var operation = Operation(request.OptionalString("operation"u8));
        if (operation is null)
        {
            throw new AdmissionDecodeException($"request.operation must be CREATE, UPDATE, DELETE or CONNECT, got '{request.OptionalString("operation"u8)}'", uid);
        }

        var obj = ObjectOrNull(request, "object", uid);
        if (obj is null && operation is "CREATE" or "UPDATE")
        {
            throw new AdmissionDecodeException($"request.object is missing for {operation}", uid);
        }

        var kind = request.Member("kind"u8);
        return new AdmissionRequest(
            apiVersion,
            uid,
            new GroupVersionKind(kind.OptionalString("group"u8) ?? "", kind.OptionalString("version"u8) ?? "", kind.OptionalString("kind"u8) ?? ""),
            request.Member("resource"u8).OptionalString("resource"u8) ?? "",
            request.OptionalString("subResource"u8),
            operation,
            request.OptionalString("namespace"u8),
            request.OptionalString("name"u8),
            request.Member("dryRun"u8)?.ValueKind == JsonValueKind.True,
            obj,
            ObjectOrNull(request, "oldObject", uid));
    }

    // The interned constants, so comparisons downstream are cheap and nothing per request is kept.
    private static string? Operation(string? value) => value switch
    {
        "CREATE" => "CREATE",
        "UPDATE" => "UPDATE",
        "DELETE" => "DELETE",
        "CONNECT" => "CONNECT",
        _ => null,
    };

    private static JsonElement? ObjectOrNull(JsonElement parent, string name, string uid) => parent.Member(name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Object } o => o,
        _ => throw new AdmissionDecodeException($"request.{name} must be an object", uid),
    };
}
