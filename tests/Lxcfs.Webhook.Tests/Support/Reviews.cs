using System.Text.Json.Nodes;

namespace Lxcfs.Webhook.Tests.Support;

/// <summary>AdmissionReview bodies: the recorded real ones, and pods of any shape wrapped like them.</summary>
public static class Reviews
{
    public static JsonObject Load(string fixture) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture)))!;

    /// <summary>The recorded pod CREATE review for "demo" (one container, no volumes).</summary>
    public static JsonObject PodCreate() => Load("pod-create-v1.json");

    /// <summary>The recorded generateName review ("withvol-", two containers, an emptyDir volume).</summary>
    public static JsonObject PodCreateGenerateName() => Load("pod-create-generatename-v1.json");

    public static JsonObject Pod(JsonObject review) => (JsonObject)review["request"]!["object"]!;

    /// <summary>The recorded review with its pod replaced by <paramref name="pod"/>.</summary>
    public static JsonObject ForPod(JsonObject pod, string operation = "CREATE")
    {
        var review = PodCreate();
        review["request"]!["object"] = pod;
        review["request"]!["operation"] = operation;
        return review;
    }

    /// <summary>A pod with the given containers (JSON objects with at least a name) and optional extras.</summary>
    public static JsonObject MakePod(params JsonObject[] containers)
    {
        var pod = (JsonObject)Pod(PodCreate()).DeepClone();
        pod["spec"]!["containers"] = new JsonArray([.. containers]);
        return pod;
    }

    public static JsonObject Container(string name, params (string Name, string Path)[] mounts)
    {
        var container = new JsonObject { ["name"] = name, ["image"] = "busybox:1.36" };
        if (mounts.Length > 0)
        {
            container["volumeMounts"] = new JsonArray([.. mounts.Select(m => (JsonNode)new JsonObject { ["name"] = m.Name, ["mountPath"] = m.Path })]);
        }

        return container;
    }

    public static JsonObject Annotate(JsonObject pod, string key, string value)
    {
        var metadata = (JsonObject)pod["metadata"]!;
        if (metadata["annotations"] is not JsonObject annotations)
        {
            annotations = [];
            metadata["annotations"] = annotations;
        }

        annotations[key] = value;
        return pod;
    }
}
