using System.Buffers;
using System.Text.Json;

namespace Lxcfs.Webhook.Admission;

/// <summary>Writes the answering AdmissionReview, in the request's API version, echoing its UID.</summary>
public static class AdmissionReviewEncoder
{
    public static void Write(IBufferWriter<byte> output, string apiVersion, string? uid, AdmissionResponse response)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("apiVersion", apiVersion);
        writer.WriteString("kind", "AdmissionReview");
        writer.WriteStartObject("response");
        writer.WriteString("uid", uid ?? "");
        writer.WriteBoolean("allowed", response.Allowed);
        if (!response.Allowed || response.Message is not null)
        {
            writer.WriteStartObject("status");
            writer.WriteNumber("code", response.Code);
            if (response.Message is not null)
            {
                writer.WriteString("message", response.Message);
            }

            writer.WriteEndObject();
        }

        if (response.PatchOperations > 0)
        {
            writer.WriteString("patchType", "JSONPatch");
            writer.WriteBase64String("patch", response.Patch.Span);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
