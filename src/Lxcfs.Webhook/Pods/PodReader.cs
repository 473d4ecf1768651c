using System.Text.Json;
using Lxcfs.Webhook.Json;

namespace Lxcfs.Webhook.Pods;

/// <summary>
/// Reads a <see cref="PodObject"/> straight from the request body while the review is read: only the
/// members the webhook decides on are kept, everything else (managedFields, status, probes…) is skipped.
/// Recursion is bounded by the pod's fixed shape; nesting under skipped members is the reader's (iterative).
/// </summary>
internal static class PodReader
{
    /// <summary>Reads the object the reader is on, from its start to its end; the reader must be reading <paramref name="body"/>.</summary>
    public static PodObject Read(ref Utf8JsonReader reader, JsonSource body)
    {
        PodMetadata? metadata = null;
        PodSpec? spec = null;
        while (reader.NextMember(out InPod? member))
        {
            switch (member)
            {
                case InPod.Metadata when IsObject(ref reader):
                    metadata = ReadMetadata(ref reader, body);
                    break;
                case InPod.Spec when IsObject(ref reader):
                    spec = ReadSpec(ref reader, body);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new PodObject(metadata, spec);
    }

    private static PodMetadata ReadMetadata(ref Utf8JsonReader reader, JsonSource body)
    {
        string? name = null, generateName = null;
        JsonStringMap? labels = null, annotations = null;
        while (reader.NextMember(out InMetadata? member))
        {
            switch (member)
            {
                case InMetadata.Name:
                    name = reader.StringOrSkip();
                    break;
                case InMetadata.GenerateName:
                    generateName = reader.StringOrSkip();
                    break;
                case InMetadata.Labels when IsObject(ref reader):
                    labels = JsonStringMap.Read(ref reader, body);
                    break;
                case InMetadata.Annotations when IsObject(ref reader):
                    annotations = JsonStringMap.Read(ref reader, body);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new PodMetadata(name, generateName, labels, annotations);
    }

    private static PodSpec ReadSpec(ref Utf8JsonReader reader, JsonSource body)
    {
        List<PodVolume>? volumes = null;
        List<PodContainer>? initContainers = null, containers = null;
        string? osName = null;
        JsonStringMap? nodeSelector = null;
        List<NodeSelectorTerm>? requiredNodeTerms = null;
        while (reader.NextMember(out InSpec? member))
        {
            switch (member)
            {
                case InSpec.Volumes when IsArray(ref reader):
                    volumes = ReadVolumes(ref reader, body);
                    break;
                case InSpec.InitContainers when IsArray(ref reader):
                    initContainers = ReadContainers(ref reader, body);
                    break;
                case InSpec.Containers when IsArray(ref reader):
                    containers = ReadContainers(ref reader, body);
                    break;
                case InSpec.Os when IsObject(ref reader):
                    osName = reader.ReadStringMember<InOs>();
                    break;
                case InSpec.NodeSelector when IsObject(ref reader):
                    nodeSelector = JsonStringMap.Read(ref reader, body);
                    break;
                case InSpec.Affinity when IsObject(ref reader):
                    requiredNodeTerms = ReadRequiredNodeTerms(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new PodSpec(volumes, initContainers, containers, osName, nodeSelector, requiredNodeTerms);
    }

    private static List<PodVolume> ReadVolumes(ref Utf8JsonReader reader, JsonSource body)
    {
        var volumes = new List<PodVolume>();
        while (NextObjectItem(ref reader))
        {
            JsonString? name = null;
            string? hostPath = null;
            while (reader.NextMember(out InVolume? member))
            {
                switch (member)
                {
                    case InVolume.Name when reader.TokenType == JsonTokenType.String:
                        name = JsonString.At(ref reader, body);
                        break;
                    case InVolume.HostPath when IsObject(ref reader):
                        hostPath = reader.ReadStringMember<InHostPath>();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            volumes.Add(new PodVolume(name, hostPath));
        }

        return volumes;
    }

    private static List<PodContainer> ReadContainers(ref Utf8JsonReader reader, JsonSource body)
    {
        var containers = new List<PodContainer>();
        for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            List<JsonString>? mountPaths = null, envNames = null;
            string? cpu = null, memory = null;
            while (reader.NextMember(out InContainer? member))
            {
                switch (member)
                {
                    case InContainer.VolumeMounts when IsArray(ref reader):
                        mountPaths = ReadStringOfEach<InVolumeMount>(ref reader, body);
                        break;
                    case InContainer.Env when IsArray(ref reader):
                        envNames = ReadStringOfEach<InEnvVar>(ref reader, body);
                        break;
                    case InContainer.Resources when IsObject(ref reader):
                        (cpu, memory) = ReadLimits(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            containers.Add(new PodContainer(index, mountPaths, envNames, cpu, memory));
        }

        return containers;
    }

    private static (string? Cpu, string? Memory) ReadLimits(ref Utf8JsonReader resources)
    {
        string? cpu = null, memory = null;
        while (resources.NextMember(out InResources? member))
        {
            if (member != InResources.Limits || !IsObject(ref resources))
            {
                resources.Skip();
                continue;
            }

            while (resources.NextMember(out InLimits? limit))
            {
                switch (limit)
                {
                    case InLimits.Cpu:
                        cpu = resources.StringOrSkip();
                        break;
                    case InLimits.Memory:
                        memory = resources.StringOrSkip();
                        break;
                    default:
                        resources.Skip();
                        break;
                }
            }
        }

        return (cpu, memory);
    }

    // The string member named by TMember's only member, of every object in the array (volumeMounts' mountPath, env's name).
    private static List<JsonString> ReadStringOfEach<TMember>(ref Utf8JsonReader reader, JsonSource body)
        where TMember : struct, Enum
    {
        var values = new List<JsonString>();
        while (NextObjectItem(ref reader))
        {
            JsonString? value = null;
            while (reader.NextMember(out TMember? member))
            {
                if (member is not null && reader.TokenType == JsonTokenType.String)
                {
                    value = JsonString.At(ref reader, body);
                }
                else
                {
                    reader.Skip();
                }
            }

            if (value is { } v)
            {
                values.Add(v);
            }
        }

        return values;
    }

    // affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: the terms any
    // of which a node must match; null when the pod has none.
    private static List<NodeSelectorTerm>? ReadRequiredNodeTerms(ref Utf8JsonReader affinity)
    {
        List<NodeSelectorTerm>? terms = null;
        while (affinity.NextMember(out InAffinity? member))
        {
            if (member is null || !IsObject(ref affinity))
            {
                affinity.Skip();
                continue;
            }

            while (affinity.NextMember(out InNodeAffinity? nodeAffinity))
            {
                if (nodeAffinity is null || !IsObject(ref affinity))
                {
                    affinity.Skip();
                    continue;
                }

                while (affinity.NextMember(out InNodeSelector? selector))
                {
                    if (selector is null || !IsArray(ref affinity))
                    {
                        affinity.Skip();
                        continue;
                    }

                    terms = [];
                    while (NextObjectItem(ref affinity))
                    {
                        terms.Add(ReadNodeSelectorTerm(ref affinity));
                    }
                }
            }
        }

        return terms;
    }

    private static NodeSelectorTerm ReadNodeSelectorTerm(ref Utf8JsonReader term)
    {
        var requirements = new List<NodeSelectorRequirement>();
        while (term.NextMember(out InNodeSelectorTerm? member))
        {
            if (member is null || !IsArray(ref term))
            {
                term.Skip();
                continue;
            }

            while (NextObjectItem(ref term))
            {
                string? key = null, op = null;
                List<string>? values = null;
                while (term.NextMember(out InRequirement? field))
                {
                    switch (field)
                    {
                        case InRequirement.Key:
                            key = term.StringOrSkip();
                            break;
                        case InRequirement.Operator:
                            op = term.StringOrSkip();
                            break;
                        case InRequirement.Values when IsArray(ref term):
                            values = term.ReadStrings();
                            break;
                        default:
                            term.Skip();
                            break;
                    }
                }

                requirements.Add(new NodeSelectorRequirement(key, op, values ?? []));
            }
        }

        return new NodeSelectorTerm(requirements);
    }

    // Moves to the next item of the array that is an object (on its start), skipping items of other types.
    private static bool NextObjectItem(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private static bool IsObject(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.StartObject;

    private static bool IsArray(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.StartArray;

    // The members read, named as in the JSON (see JsonReaderExtensions).
    private enum InPod { Metadata, Spec }

    private enum InMetadata { Name, GenerateName, Labels, Annotations }

    private enum InSpec { Volumes, InitContainers, Containers, Os, NodeSelector, Affinity }

    private enum InOs { Name }

    private enum InVolume { Name, HostPath }

    private enum InHostPath { Path }

    private enum InContainer { VolumeMounts, Env, Resources }

    private enum InVolumeMount { MountPath }

    private enum InEnvVar { Name }

    private enum InResources { Limits }

    private enum InLimits { Cpu, Memory }

    private enum InAffinity { NodeAffinity }

    private enum InNodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution }

    private enum InNodeSelector { NodeSelectorTerms }

    private enum InNodeSelectorTerm { MatchExpressions }

    private enum InRequirement { Key, Operator, Values }
}
