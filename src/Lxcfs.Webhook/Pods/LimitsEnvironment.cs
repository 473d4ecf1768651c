using System.Globalization;
using System.Text.Json;
using Lxcfs.Webhook.Configuration;
using Lxcfs.Webhook.Patching;

namespace Lxcfs.Webhook.Pods;

/// <summary>
/// Opt-in, per pod or per namespace: environment variables derived from each container's limits, for
/// runtimes that size themselves from variables rather than from /proc (CPU_LIMIT, MEMORY_LIMIT_BYTES;
/// with a second opt-in, GOMAXPROCS and OMP_NUM_THREADS). A variable the container already sets is never
/// overridden. Each switch is read from the pod's annotation and, only when the pod does not set it, from
/// its namespace's annotation of the same key.
/// </summary>
public sealed class LimitsEnvironment
{
    private static readonly JsonEncodedText s_name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText s_value = JsonEncodedText.Encode("value");

    private readonly LxcfsAnnotations _annotations;
    private readonly bool _includeInitContainers;

    public LimitsEnvironment(WebhookOptions options, LxcfsAnnotations annotations)
    {
        _annotations = annotations;
        _includeInitContainers = options.IncludeInitContainers;
    }

    /// <summary>Whether the variables (and the thread ones) are wanted: the pod's choice, else the namespace's.</summary>
    public (bool Inject, bool Threads) Switches(PodObject pod, IReadOnlyDictionary<string, string>? namespaceAnnotations)
    {
        var inject = Switch(pod, _annotations.InjectEnvKey, namespaceAnnotations);
        return (inject, inject && Switch(pod, _annotations.InjectThreadEnvKey, namespaceAnnotations));
    }

    /// <summary>Adds the variables to <paramref name="patch"/> when they are wanted; false when nothing was added.</summary>
    internal bool Inject(PodObject pod, PodPatch patch, IReadOnlyDictionary<string, string>? namespaceAnnotations = null)
    {
        var (inject, threads) = Switches(pod, namespaceAnnotations);
        if (!inject || pod.Spec is not { } spec)
        {
            return false;
        }

        var changed = false;
        if (_includeInitContainers)
        {
            changed |= InjectInto(patch, "initContainers", spec.InitContainers, threads);
        }

        return InjectInto(patch, "containers", spec.Containers, threads) | changed;
    }

    private static bool Switch(PodObject pod, string key, IReadOnlyDictionary<string, string>? namespaceAnnotations) =>
        (AnnotationValues.ParseBoolean(pod.Metadata?.Annotations?.Get(key))
            ?? AnnotationValues.ParseBoolean(namespaceAnnotations?.GetValueOrDefault(key))) == true;

    private static bool InjectInto(PodPatch patch, string list, IReadOnlyList<PodContainer>? containers, bool threads)
    {
        var changed = false;
        foreach (var container in containers ?? [])
        {
            patch.BeginItems(list, container.Index, "env", container.EnvNames is not null);
            foreach (var (name, value) in Variables(container, threads))
            {
                if (container.EnvNames?.Any(n => n.ValueEquals(name)) == true)
                {
                    continue;
                }

                var writer = patch.NextItem();
                writer.WriteStartObject();
                writer.WriteString(s_name, name);
                writer.WriteString(s_value, value);
                writer.WriteEndObject();
                changed = true;
            }

            patch.EndItems();
        }

        return changed;
    }

    private static List<(string Name, string Value)> Variables(PodContainer container, bool threads)
    {
        var variables = new List<(string Name, string Value)>(4);
        if (Quantity.TryParse(container.CpuLimit, out var cpu) && cpu > 0)
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

        if (Quantity.TryParse(container.MemoryLimit, out var memory) && memory > 0)
        {
            variables.Add(("MEMORY_LIMIT_BYTES", ((long)Math.Floor(memory)).ToString(CultureInfo.InvariantCulture)));
        }

        return variables;
    }
}
