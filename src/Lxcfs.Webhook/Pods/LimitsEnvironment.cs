using System.Globalization;
using System.Text.Json.Nodes;
using Lxcfs.Webhook.Configuration;

namespace Lxcfs.Webhook.Pods;

/// <summary>
/// Opt-in, per pod: environment variables derived from each container's limits, for runtimes that size
/// themselves from variables rather than from /proc (CPU_LIMIT, MEMORY_LIMIT_BYTES; with a second opt-in,
/// GOMAXPROCS and OMP_NUM_THREADS). A variable the container already sets is never overridden.
/// </summary>
public sealed class LimitsEnvironment
{
    private readonly LxcfsAnnotations _annotations;
    private readonly string[] _containerLists;

    public LimitsEnvironment(WebhookOptions options, LxcfsAnnotations annotations)
    {
        _annotations = annotations;
        _containerLists = options.IncludeInitContainers ? ["initContainers", "containers"] : ["containers"];
    }

    /// <summary>Adds the variables when the pod asks for them; false when nothing was added.</summary>
    public bool Inject(JsonObject pod)
    {
        if (AnnotationValues.ParseBoolean(PodJson.Annotation(pod, _annotations.InjectEnvKey)) != true)
        {
            return false;
        }

        var threads = AnnotationValues.ParseBoolean(PodJson.Annotation(pod, _annotations.InjectThreadEnvKey)) == true;
        var changed = false;
        foreach (var list in _containerLists)
        {
            foreach (var container in PodJson.Objects(PodJson.Spec(pod), list))
            {
                changed |= InjectInto(container, threads);
            }
        }

        return changed;
    }

    private static bool InjectInto(JsonObject container, bool threads)
    {
        var limits = (container["resources"] as JsonObject)?["limits"] as JsonObject;
        var variables = new List<(string Name, string Value)>();
        if (Quantity.TryParse(PodJson.StringMember(limits, "cpu"), out var cpu) && cpu > 0)
        {
            // Whole CPUs, rounded up: thread pools cannot use half a thread, and 0 would mean "unlimited".
            var cpus = Math.Max(1, (long)Math.Ceiling(cpu)).ToString(CultureInfo.InvariantCulture);
            variables.Add(("CPU_LIMIT", cpus));
            if (threads)
            {
                variables.Add(("GOMAXPROCS", cpus));
                variables.Add(("OMP_NUM_THREADS", cpus));
            }
        }

        if (Quantity.TryParse(PodJson.StringMember(limits, "memory"), out var memory) && memory > 0)
        {
            variables.Add(("MEMORY_LIMIT_BYTES", ((long)Math.Floor(memory)).ToString(CultureInfo.InvariantCulture)));
        }

        var present = PodJson.Objects(container, "env").Select(e => PodJson.StringMember(e, "name")).ToHashSet(StringComparer.Ordinal);
        var changed = false;
        foreach (var (name, value) in variables.Where(v => !present.Contains(v.Name)))
        {
            PodJson.EnsureArray(container, "env").Add(new JsonObject { ["name"] = name, ["value"] = value });
            changed = true;
        }

        return changed;
    }
}
