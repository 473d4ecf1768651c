using System.Text.Json.Nodes;

namespace Lxcfs.Webhook.Tests.Support;

/// <summary>What a mutated pod must look like, stated once.</summary>
public static class PodAssertions
{
    public static readonly (string Path, string Volume)[] DefaultFiles =
    [
        ("/proc/cpuinfo", "lxcfs-proc-cpuinfo"), ("/proc/meminfo", "lxcfs-proc-meminfo"),
        ("/proc/diskstats", "lxcfs-proc-diskstats"), ("/proc/stat", "lxcfs-proc-stat"),
        ("/proc/swaps", "lxcfs-proc-swaps"), ("/proc/uptime", "lxcfs-proc-uptime"),
        ("/proc/loadavg", "lxcfs-proc-loadavg"), ("/sys/devices/system/cpu/online", "lxcfs-sys-devices-system-cpu-online"),
    ];

    public static JsonArray Containers(JsonObject pod, string list = "containers") => (JsonArray)pod["spec"]![list]!;

    public static JsonObject Container(JsonObject pod, int index, string list = "containers") => (JsonObject)Containers(pod, list)[index]!;

    public static List<JsonObject> Volumes(JsonObject pod) => pod["spec"]?["volumes"] is JsonArray a ? [.. a.OfType<JsonObject>()] : [];

    public static List<JsonObject> Mounts(JsonObject container) => container["volumeMounts"] is JsonArray a ? [.. a.OfType<JsonObject>()] : [];

    public static string? Annotation(JsonObject pod, string key) => pod["metadata"]?["annotations"]?[key]?.GetValue<string>();

    /// <summary>The container mounts every lxcfs file read-only from the matching volume.</summary>
    public static void ShouldMountAllLxcfsFiles(JsonObject container)
    {
        var mounts = Mounts(container);
        foreach (var (path, volume) in DefaultFiles)
        {
            mounts.Should().ContainSingle(m => m["mountPath"]!.GetValue<string>() == path, $"container {container["name"]} mounts {path} once")
                .Which.Should().Match<JsonObject>(m => m["name"]!.GetValue<string>() == volume && m["readOnly"]!.GetValue<bool>());
        }
    }

    /// <summary>The pod has exactly one hostPath volume of type File per lxcfs file, under the mount root.</summary>
    public static void ShouldHaveAllLxcfsVolumes(JsonObject pod, string mountRoot = "/var/lib/lxcfs")
    {
        var volumes = Volumes(pod);
        foreach (var (path, volume) in DefaultFiles)
        {
            var matching = volumes.Where(v => v["name"]!.GetValue<string>() == volume).ToList();
            matching.Should().HaveCount(1, $"volume {volume} exists once");
            matching[0]["hostPath"]!["path"]!.GetValue<string>().Should().Be(mountRoot + path);
            matching[0]["hostPath"]!["type"]!.GetValue<string>().Should().Be("File");
        }
    }

    /// <summary>
    /// Every mount at a served path in every container comes from a volume that is that very file on the
    /// host (a hostPath of type File), whatever the volume is called; and no two volumes share a name.
    /// </summary>
    public static void ShouldMountServedPathsOnlyFromTheirFiles(JsonObject pod, string mountRoot = "/var/lib/lxcfs")
    {
        var volumes = Volumes(pod);
        volumes.Select(v => v["name"]!.GetValue<string>()).Should().OnlyHaveUniqueItems();
        var byName = volumes.ToDictionary(v => v["name"]!.GetValue<string>());
        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var container in (pod["spec"]?[list] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                foreach (var mount in Mounts(container).Where(m => DefaultFiles.Any(f => f.Path == m["mountPath"]!.GetValue<string>())))
                {
                    var path = mount["mountPath"]!.GetValue<string>();
                    byName.Should().ContainKey(mount["name"]!.GetValue<string>());
                    var volume = byName[mount["name"]!.GetValue<string>()];
                    volume["hostPath"].Should().NotBeNull($"{container["name"]} mounts {path} from {volume.ToJsonString()}");
                    volume["hostPath"]!["path"]!.GetValue<string>().TrimEnd('/').Should().Be(mountRoot + path, $"{container["name"]} mounts {path} from {volume.ToJsonString()}");
                    volume["hostPath"]!["type"]!.GetValue<string>().Should().Be("File");
                }
            }
        }
    }

    public static void ShouldBeMarkedMutated(JsonObject pod) =>
        Annotation(pod, "lxcfs-admission-webhook/status").Should().Be("mutated");

    /// <summary>The pod is the original with one change: the status annotation says why it was skipped.</summary>
    public static void ShouldBeSkippedOtherwiseUnchanged(JsonObject patched, JsonObject original, string reason)
    {
        Annotation(patched, "lxcfs-admission-webhook/status").Should().Be("skipped: " + reason);
        var stripped = (JsonObject)patched.DeepClone();
        var annotations = (JsonObject)stripped["metadata"]!["annotations"]!;
        annotations.Remove("lxcfs-admission-webhook/status");
        if (annotations.Count == 0 && original["metadata"]!["annotations"] is null)
        {
            ((JsonObject)stripped["metadata"]!).Remove("annotations");
        }

        JsonNode.DeepEquals(stripped, original).Should().BeTrue($"only the status annotation differs, got {stripped.ToJsonString()}");
    }

    /// <summary>Removing what the webhook adds gives back the original pod, byte for byte as JSON.</summary>
    public static void ShouldEqualOriginalApartFromLxcfs(JsonObject patched, JsonObject original)
    {
        var stripped = (JsonObject)patched.DeepClone();
        var lxcfsVolumes = DefaultFiles.Select(f => f.Volume).ToHashSet();
        StripArray(stripped["spec"] as JsonObject, "volumes", v => lxcfsVolumes.Contains(v["name"]!.GetValue<string>()), original["spec"]);
        foreach (var list in new[] { "containers", "initContainers" })
        {
            var originals = original["spec"]?[list] as JsonArray;
            var index = 0;
            foreach (var container in (stripped["spec"]?[list] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                StripArray(container, "volumeMounts", m => lxcfsVolumes.Contains(m["name"]!.GetValue<string>()) && m["readOnly"]?.GetValue<bool>() == true, originals?[index++]);
            }
        }

        var annotations = stripped["metadata"]!["annotations"] as JsonObject;
        annotations?.Remove("lxcfs-admission-webhook/status");
        if (annotations is { Count: 0 } && original["metadata"]!["annotations"] is null)
        {
            ((JsonObject)stripped["metadata"]!).Remove("annotations");
        }

        JsonNode.DeepEquals(stripped, original).Should().BeTrue($"only lxcfs additions differ, got {stripped.ToJsonString()}");
    }

    private static void StripArray(JsonObject? parent, string name, Func<JsonObject, bool> added, JsonNode? originalParent)
    {
        if (parent?[name] is not JsonArray array)
        {
            return;
        }

        foreach (var item in array.OfType<JsonObject>().Where(added).ToList())
        {
            array.Remove(item);
        }

        if (array.Count == 0 && originalParent?[name] is null)
        {
            parent.Remove(name);
        }
    }
}
