using System.Text.Json;
using Lxcfs.Webhook.Json;
using Lxcfs.Webhook.Pods;

namespace Lxcfs.Webhook.Admission;

/// <summary>
/// Turns an AdmissionReview body (v1 or v1beta1) into an <see cref="AdmissionRequest"/> or a reason, in one
/// forward pass of <see cref="Utf8JsonReader"/>: the few members used are taken as they pass (the object as a
/// <see cref="PodObject"/>), the rest is read through and so still validated, and no tree is built.
/// </summary>
public static class AdmissionReviewDecoder
{
    // managedFields nest deeply; the API server's own limit on object depth is far above the default 64.
    private static readonly JsonReaderOptions s_options = new() { MaxDepth = 1000 };

    /// <summary>Decodes bytes the caller owns for good (an array of its own): the request never goes stale.</summary>
    public static AdmissionRequest Decode(ReadOnlyMemory<byte> body) => Decode(new JsonSource(body));

    /// <summary>Decodes <paramref name="body"/>; the request's strings read it until it is released, and throw after.</summary>
    public static AdmissionRequest Decode(JsonSource body)
    {
        if (body.Memory.IsEmpty)
        {
            throw new AdmissionDecodeException("request body is empty");
        }

        var review = new ReviewMembers();
        try
        {
            Read(body, ref review);
        }
        catch (JsonException e)
        {
            throw new AdmissionDecodeException($"request body is not JSON: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // Raised for strings that are not valid UTF-8.
            throw new AdmissionDecodeException($"request body is not JSON: {e.Message}", review.Uid);
        }

        return Validate(in review);
    }

    /// <summary>For callers holding a span: the bytes are copied first.</summary>
    public static AdmissionRequest Decode(ReadOnlySpan<byte> body) => Decode(new ReadOnlyMemory<byte>(body.ToArray()));

    private static void Read(JsonSource body, ref ReviewMembers review)
    {
        var reader = new Utf8JsonReader(body.Memory.Span, s_options);
        reader.Read();
        review.IsObject = reader.TokenType == JsonTokenType.StartObject;
        if (!review.IsObject)
        {
            reader.Skip();
        }

        while (review.IsObject && reader.NextMember(out InReview? member))
        {
            switch (member)
            {
                case InReview.Kind:
                    review.Kind = reader.StringOrSkip();
                    break;
                case InReview.ApiVersion:
                    review.ApiVersion = reader.StringOrSkip();
                    break;
                case InReview.Request when reader.TokenType == JsonTokenType.StartObject:
                    review.HasRequest = true;
                    ReadRequest(ref reader, body, ref review);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        // Anything after the one value is refused by the reader itself.
        while (reader.Read())
        {
        }
    }

    private static void ReadRequest(ref Utf8JsonReader reader, JsonSource body, ref ReviewMembers review)
    {
        while (reader.NextMember(out InRequest? member))
        {
            switch (member)
            {
                case InRequest.Uid:
                    review.Uid = reader.StringOrSkip();
                    break;
                case InRequest.Kind when reader.TokenType == JsonTokenType.StartObject:
                    ReadKind(ref reader, ref review);
                    break;
                case InRequest.Resource when reader.TokenType == JsonTokenType.StartObject:
                    review.Resource = reader.ReadStringMember<InResource>();
                    break;
                case InRequest.SubResource:
                    review.SubResource = reader.StringOrSkip();
                    break;
                case InRequest.Operation:
                    review.Operation = reader.StringOrSkip();
                    break;
                case InRequest.Namespace:
                    review.Namespace = reader.StringOrSkip();
                    break;
                case InRequest.Name:
                    review.Name = reader.StringOrSkip();
                    break;
                case InRequest.DryRun:
                    review.DryRun = reader.TokenType == JsonTokenType.True;
                    reader.Skip();
                    break;
                case InRequest.Object:
                    review.ObjectToken = reader.TokenType;
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        review.Object = PodReader.Read(ref reader, body);
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                case InRequest.OldObject:
                    review.OldObjectToken = reader.TokenType;
                    reader.Skip();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static void ReadKind(ref Utf8JsonReader reader, ref ReviewMembers review)
    {
        while (reader.NextMember(out InKind? member))
        {
            switch (member)
            {
                case InKind.Group:
                    review.Group = reader.StringOrSkip();
                    break;
                case InKind.Version:
                    review.Version = reader.StringOrSkip();
                    break;
                case InKind.Kind:
                    review.ObjectKind = reader.StringOrSkip();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    // Checked in a fixed order once everything is read, so the reason does not depend on member order.
    private static AdmissionRequest Validate(in ReviewMembers review)
    {
        if (!review.IsObject)
        {
            throw new AdmissionDecodeException("request body is not a JSON object");
        }

        if (review.Kind != "AdmissionReview")
        {
            throw new AdmissionDecodeException($"kind must be AdmissionReview, got '{review.Kind}'");
        }

        if (!AdmissionApiVersions.IsSupported(review.ApiVersion))
        {
            throw new AdmissionDecodeException(
                $"apiVersion must be {AdmissionApiVersions.V1} or {AdmissionApiVersions.V1Beta1}, got '{review.ApiVersion}'");
        }

        if (!review.HasRequest)
        {
            throw new AdmissionDecodeException("request is missing");
        }

        var uid = review.Uid;
        if (string.IsNullOrEmpty(uid))
        {
            throw new AdmissionDecodeException("request.uid is missing");
        }

        var operation = Operation(review.Operation)
            ?? throw new AdmissionDecodeException($"request.operation must be CREATE, UPDATE, DELETE or CONNECT, got '{review.Operation}'", uid);
        CheckObject("object", review.ObjectToken, uid);
        CheckObject("oldObject", review.OldObjectToken, uid);
        if (review.Object is null && operation is "CREATE" or "UPDATE")
        {
            throw new AdmissionDecodeException($"request.object is missing for {operation}", uid);
        }

        return new AdmissionRequest(
            review.ApiVersion!,
            uid,
            new GroupVersionKind(review.Group ?? "", review.Version ?? "", review.ObjectKind ?? ""),
            review.Resource ?? "",
            review.SubResource,
            operation,
            review.Namespace,
            review.Name,
            review.DryRun,
            review.Object);
    }

    private static void CheckObject(string name, JsonTokenType token, string uid)
    {
        if (token is not (JsonTokenType.None or JsonTokenType.Null or JsonTokenType.StartObject))
        {
            throw new AdmissionDecodeException($"request.{name} must be an object", uid);
        }
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

    // The members read, named as in the JSON (see JsonReaderExtensions).
    private enum InReview
    {
        Kind,
        ApiVersion,
        Request,
    }

    private enum InRequest
    {
        Uid,
        Kind,
        Resource,
        SubResource,
        Operation,
        Namespace,
        Name,
        DryRun,
        Object,
        OldObject,
    }

    private enum InKind
    {
        Group,
        Version,
        Kind,
    }

    private enum InResource
    {
        Resource,
    }

    // What the reader found, before it is judged.
    private struct ReviewMembers
    {
        public bool IsObject;
        public string? Kind;
        public string? ApiVersion;
        public bool HasRequest;
        public string? Uid;
        public string? Group;
        public string? Version;
        public string? ObjectKind;
        public string? Resource;
        public string? SubResource;
        public string? Operation;
        public string? Namespace;
        public string? Name;
        public bool DryRun;
        public JsonTokenType ObjectToken;
        public PodObject? Object;
        public JsonTokenType OldObjectToken;
    }
}
