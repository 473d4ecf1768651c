using System.Text.Json.Nodes;

namespace Lxcfs.Webhook.Pods;

/// <summary>
/// Copies of only the parts of a pod the mutation may change (annotations, volumes, containers), at their
/// places in the pod. Diffing two such views gives the same patch as diffing whole pods, without copying
/// or comparing managedFields, status and the rest on every request.
/// </summary>
internal static class PodView
{
    private static readonly string[] s_specMembers = ["volumes", "initContainers", "containers"];

    public static JsonObject Of(JsonObject pod)
    {
        var view = new JsonObject();
        if (pod["metadata"] is JsonObject metadata)
        {
            var metadataView = new JsonObject();
            if (metadata["annotations"] is { } annotations)
            {
                metadataView["annotations"] = annotations.DeepClone();
            }

            view["metadata"] = metadataView;
        }

        if (pod["spec"] is JsonObject spec)
        {
            var specView = new JsonObject();
            foreach (var member in s_specMembers)
            {
                if (spec[member] is { } value)
                {
                    specView[member] = value.DeepClone();
                }
            }

            view["spec"] = specView;
        }

        return view;
    }
}
