using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lxcfs.Webhook.Admission;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace Lxcfs.Webhook.Tests.Support;

/// <summary>
/// One admission round trip without HTTP: encode the review, decode it, handle it, write the answer,
/// read the answer back and apply its patch (with the JsonPatch library, not our code) to the pod.
/// </summary>
public sealed record AdmissionRun(JsonObject Answer, JsonObject PatchedPod, JsonArray? Operations)
{
    public JsonObject Response => (JsonObject)Answer["response"]!;

    public bool Allowed => Response["allowed"]!.GetValue<bool>();

    public static AdmissionRun Of(IAdmissionHandler handler, JsonObject review) => Of(handler, review.ToJsonString());

    /// <summary>The same for a body written by hand, byte for byte as the webhook will read it (escapes, member order).</summary>
    public static AdmissionRun Of(IAdmissionHandler handler, string body)
    {
        var request = AdmissionReviewDecoder.Decode(Encoding.UTF8.GetBytes(body));
        var buffer = new ArrayBufferWriter<byte>();
        AdmissionReviewEncoder.Write(buffer, request.ApiVersion, request.Uid, handler.Handle(request));
        var answer = (JsonObject)JsonNode.Parse(buffer.WrittenSpan)!;
        return FromAnswer(answer, JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 1000 })!["request"]!["object"] as JsonObject ?? []);
    }

    public static AdmissionRun FromAnswer(JsonObject answer, JsonObject pod)
    {
        var patched = (JsonObject)pod.DeepClone();
        JsonArray? operations = null;
        if (answer["response"]?["patch"] is JsonValue patchValue)
        {
            answer["response"]!["patchType"]!.GetValue<string>().Should().Be("JSONPatch");
            var patchJson = Convert.FromBase64String(patchValue.GetValue<string>());
            operations = (JsonArray)JsonNode.Parse(patchJson)!;
            var document = JsonSerializer.Deserialize<JsonPatchDocument>(patchJson)!;
            document.ApplyTo(patched, error => throw new InvalidOperationException($"patch does not apply: {error.ErrorMessage}"));
        }

        return new AdmissionRun(answer, patched, operations);
    }
}
