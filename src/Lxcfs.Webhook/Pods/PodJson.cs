using System.Text.Json.Nodes;

namespace Lxcfs.Webhook.Pods;

/// <summary>Read helpers over a pod as raw JSON; missing or mistyped members read as absent.</summary>
internal static class PodJson
{
    public static string? Annotation(JsonObject pod, string key) => StringMember(Metadata(pod, "annotations"), key);

    public static string? Label(JsonObject pod, string key) => StringMember(Metadata(pod, "labels"), key);

    public static JsonObject? Spec(JsonObject pod) => pod["spec"] as JsonObject;

    public static IEnumerable<JsonObject> Objects(JsonObject? parent, string arrayName) =>
        parent?[arrayName] is JsonArray array ? array.OfType<JsonObject>() : [];

    public static string? StringMember(JsonObject? parent, string name) =>
        parent?[name] is JsonValue value && value.TryGetValue(out string? s) ? s : null;

    /// <summary>The array member <paramref name="name"/>, created when absent.</summary>
    public static JsonArray EnsureArray(JsonObject parent, string name)
    {
        if (parent[name] is JsonArray existing)
        {
            return existing;
        }

        var created = new JsonArray();
        parent[name] = created;
        return created;
    }

    public static JsonObject EnsureObject(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    private static JsonObject? Metadata(JsonObject pod, string map) => (pod["metadata"] as JsonObject)?[map] as JsonObject;
}
