using System.Text.Json;

namespace Lxcfs.Webhook.Json;

/// <summary>Lenient reads over parsed JSON: a missing or mistyped member reads as absent, never throws.</summary>
internal static class JsonElementExtensions
{
    // UTF-8 names (u8 literals) are compared as they are; string names are transcoded on every lookup.
    public static JsonElement? Member(this JsonElement parent, ReadOnlySpan<byte> name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? value : null;

    public static JsonElement? Member(this JsonElement? parent, ReadOnlySpan<byte> name) => parent is { } p ? p.Member(name) : null;

    public static string? OptionalString(this JsonElement parent, ReadOnlySpan<byte> name) =>
        parent.Member(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static string? OptionalString(this JsonElement? parent, ReadOnlySpan<byte> name) => parent is { } p ? p.OptionalString(name) : null;

    public static JsonElement? Member(this JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? value : null;

    public static JsonElement? Member(this JsonElement? parent, string name) => parent is { } p ? p.Member(name) : null;

    public static string? OptionalString(this JsonElement parent, string name) =>
        parent.Member(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static string? OptionalString(this JsonElement? parent, string name) => parent is { } p ? p.OptionalString(name) : null;

    public static IEnumerable<JsonElement> Objects(this JsonElement parent, string name) => ((JsonElement?)parent).Objects(name);

    /// <summary>The elements of the array member <paramref name="name"/> that are objects; none when absent.</summary>
    public static IEnumerable<JsonElement> Objects(this JsonElement? parent, string name)
    {
        if (parent.Member(name) is not { ValueKind: JsonValueKind.Array } array)
        {
            yield break;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                yield return item;
            }
        }
    }
}
