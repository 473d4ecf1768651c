using System.Text.Json.Nodes;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Operations;

namespace Lxcfs.Webhook.Patching;

/// <summary>
/// The RFC 6902 patch that turns one JSON document into another, shaped the way the API server needs it:
/// a member that did not exist is added whole (so an absent <c>/spec/volumes</c> or
/// <c>/metadata/annotations</c> gets one "add" of the new array or map), an array that only grew at its end
/// gets "add …/-" appends, an existing map gets one "add" per new key (so other annotations survive).
/// </summary>
public static class JsonDiff
{
    public static List<Operation> Diff(JsonNode? original, JsonNode? modified)
    {
        var operations = new List<Operation>();
        DiffNode("", original, modified, operations);
        return operations;
    }

    private static void DiffNode(string path, JsonNode? original, JsonNode? modified, List<Operation> operations)
    {
        switch (original, modified)
        {
            case (JsonObject a, JsonObject b):
                DiffObject(path, a, b, operations);
                break;
            case (JsonArray a, JsonArray b):
                DiffArray(path, a, b, operations);
                break;
            default:
                if (!JsonNode.DeepEquals(original, modified))
                {
                    operations.Add(new Operation("replace", path, null, modified?.DeepClone()));
                }

                break;
        }
    }

    private static void DiffObject(string path, JsonObject original, JsonObject modified, List<Operation> operations)
    {
        foreach (var (name, _) in original)
        {
            if (!modified.ContainsKey(name))
            {
                operations.Add(new Operation("remove", JsonPointer.Append(path, name), null));
            }
        }

        foreach (var (name, value) in modified)
        {
            var child = JsonPointer.Append(path, name);
            if (original.TryGetPropertyValue(name, out var before))
            {
                DiffNode(child, before, value, operations);
            }
            else
            {
                operations.Add(new Operation("add", child, null, value?.DeepClone()));
            }
        }
    }

    private static void DiffArray(string path, JsonArray original, JsonArray modified, List<Operation> operations)
    {
        if (modified.Count < original.Count)
        {
            operations.Add(new Operation("replace", path, null, modified.DeepClone()));
            return;
        }

        // Same-index elements are diffed in place (a container that gains mounts keeps its index).
        for (var i = 0; i < original.Count; i++)
        {
            DiffNode($"{path}/{i}", original[i], modified[i], operations);
        }

        for (var i = original.Count; i < modified.Count; i++)
        {
            operations.Add(new Operation("add", path + "/-", null, modified[i]?.DeepClone()));
        }
    }
}
