using System.Text.Json;
using Lxcfs.Webhook.Json;

namespace Lxcfs.Webhook.Pods;

/// <summary>Read helpers over a pod as parsed JSON; missing or mistyped members read as absent.</summary>
internal static class PodJson
{
    public static string? Annotation(JsonElement pod, string key) => Annotations(pod).OptionalString(key);

    /// <summary>The annotations map, to look several keys up without finding it again each time.</summary>
    public static JsonElement? Annotations(JsonElement pod) => pod.Member("metadata"u8).Member("annotations"u8);

    public static string? Label(JsonElement pod, string key) => pod.Member("metadata"u8).Member("labels"u8).OptionalString(key);

    public static JsonElement? Spec(JsonElement pod) => pod.Member("spec"u8) is { ValueKind: JsonValueKind.Object } spec ? spec : null;

    public static bool HasArray(JsonElement parent, string name) => parent.Member(name)?.ValueKind == JsonValueKind.Array;

    public static bool HasObject(JsonElement? parent, string name) => parent.Member(name)?.ValueKind == JsonValueKind.Object;
}
