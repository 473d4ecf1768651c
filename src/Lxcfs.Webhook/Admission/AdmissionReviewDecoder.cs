using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lxcfs.Webhook.Admission;

/// <summary>Turns an AdmissionReview body (v1 or v1beta1) into an <see cref="AdmissionRequest"/> or a reason.</summary>
public static class AdmissionReviewDecoder
{
    // managedFields nest deeply; the API server's own limit on object depth is far above the default 64.
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 1000 };

    public static AdmissionRequest Decode(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new AdmissionDecodeException("request body is empty");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: s_documentOptions);
        }
        catch (JsonException e)
        {
            throw new AdmissionDecodeException($"request body is not JSON: {e.Message}");
        }

        if (root is not JsonObject review)
        {
            throw new AdmissionDecodeException("request body is not a JSON object");
        }

        var kind = OptionalString(review, "kind");
        if (kind != "AdmissionReview")
        {
            throw new AdmissionDecodeException($"kind must be AdmissionReview, got '{kind}'");
        }

        var apiVersion = OptionalString(review, "apiVersion");
        if (!AdmissionApiVersions.IsSupported(apiVersion))
        {
            throw new AdmissionDecodeException(
                $"apiVersion must be {AdmissionApiVersions.V1} or {AdmissionApiVersions.V1Beta1}, got '{apiVersion}'");
        }

        if (review["request"] is not JsonObject request)
        {
            throw new AdmissionDecodeException("request is missing");
        }

        return DecodeRequest(apiVersion!, request);
    }

    private static AdmissionRequest DecodeRequest(string apiVersion, JsonObject request)
    {
        var uid = OptionalString(request, "uid");
        if (string.IsNullOrEmpty(uid))
        {
            throw new AdmissionDecodeException("request.uid is missing");
        }

        var operation = OptionalString(request, "operation");
        if (operation is not ("CREATE" or "UPDATE" or "DELETE" or "CONNECT"))
        {
            throw new AdmissionDecodeException($"request.operation must be CREATE, UPDATE, DELETE or CONNECT, got '{operation}'", uid);
        }

        var obj = ObjectOrNull(request, "object", uid);
        if (obj is null && operation is "CREATE" or "UPDATE")
        {
            throw new AdmissionDecodeException($"request.object is missing for {operation}", uid);
        }

        var kind = request["kind"] as JsonObject;
        return new AdmissionRequest(
            apiVersion,
            uid,
            new GroupVersionKind(OptionalString(kind, "group") ?? "", OptionalString(kind, "version") ?? "", OptionalString(kind, "kind") ?? ""),
            OptionalString(request["resource"] as JsonObject, "resource") ?? "",
            OptionalString(request, "subResource"),
            operation,
            OptionalString(request, "namespace"),
            OptionalString(request, "name"),
            request["dryRun"] is JsonValue dry && dry.TryGetValue(out bool dryRun) && dryRun,
            obj,
            ObjectOrNull(request, "oldObject", uid));
    }

    private static JsonObject? ObjectOrNull(JsonObject parent, string name, string uid) => parent[name] switch
    {
        null => null,
        JsonObject o => o,
        _ => throw new AdmissionDecodeException($"request.{name} must be an object", uid),
    };

    private static string? OptionalString(JsonObject? parent, string name) =>
        parent?[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
