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
    private const int Metadata = 0, Spec = 1;
    private const int Name = 0, GenerateName = 1, Labels = 2, Annotations = 3;
    private const int Volumes = 0, InitContainers = 1, Containers = 2;
    private const int VolumeName = 0, HostPath = 1;
    private const int VolumeMounts = 0, Env = 1, Resources = 2;
    private const int Limits = 0, Cpu = 0, Memory = 1;

    private static readonly byte[][] s_pod = JsonReaderExtensions.Names("metadata", "spec");
    private static readonly byte[][] s_metadata = JsonReaderExtensions.Names("name", "generateName", "labels", "annotations");
    private static readonly byte[][] s_spec = JsonReaderExtensions.Names("volumes", "initContainers", "containers");
    private static readonly byte[][] s_volume = JsonReaderExtensions.Names("name", "hostPath");
    private static readonly byte[][] s_path = JsonReaderExtensions.Names("path");
    private static readonly byte[][] s_container = JsonReaderExtensions.Names("volumeMounts", "env", "resources");
    private static readonly byte[][] s_mountPath = JsonReaderExtensions.Names("mountPath");
    private static readonly byte[][] s_name = JsonReaderExtensions.Names("name");
    private static readonly byte[][] s_resources = JsonReaderExtensions.Names("limits");
    private static readonly byte[][] s_limits = JsonReaderExtensions.Names("cpu", "memory");

    /// <summary>Reads the object the reader is on, from its start to its end; the reader must be over <paramref name="body"/>.</summary>
    public static PodObject Read(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        PodMetadata? metadata = null;
        PodSpec? spec = null;
        for (int member; (member = reader.NextMember(s_pod)) != JsonReaderExtensions.End;)
        {
            switch (member)
            {
                case Metadata when IsObject(ref reader):
                    metadata = ReadMetadata(ref reader, body);
                    break;
                case Spec when IsObject(ref reader):
                    spec = ReadSpec(ref reader, body);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new PodObject(metadata, spec);
    }

    private static PodMetadata ReadMetadata(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        string? name = null, generateName = null;
        JsonStringMap? labels = null, annotations = null;
        for (int member; (member = reader.NextMember(s_metadata)) != JsonReaderExtensions.End;)
        {
            switch (member)
            {
                case Name:
                    name = reader.StringOrSkip();
                    break;
                case GenerateName:
                    generateName = reader.StringOrSkip();
                    break;
                case Labels when IsObject(ref reader):
                    labels = JsonStringMap.Read(ref reader, body);
                    break;
                case Annotations when IsObject(ref reader):
                    annotations = JsonStringMap.Read(ref reader, body);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new PodMetadata(name, generateName, labels, annotations);
    }

    private static PodSpec ReadSpec(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        List<PodVolume>? volumes = null;
        List<PodContainer>? initContainers = null, containers = null;
        for (int member; (member = reader.NextMember(s_spec)) != JsonReaderExtensions.End;)
        {
            switch (member)
            {
                case Volumes when IsArray(ref reader):
                    volumes = ReadVolumes(ref reader, body);
                    break;
                case InitContainers when IsArray(ref reader):
                    initContainers = ReadContainers(ref reader, body);
                    break;
                case Containers when IsArray(ref reader):
                    containers = ReadContainers(ref reader, body);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new PodSpec(volumes, initContainers, containers);
    }

    private static List<PodVolume> ReadVolumes(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        var volumes = new List<PodVolume>();
        while (NextObjectItem(ref reader))
        {
            JsonString? name = null;
            string? hostPath = null;
            for (int member; (member = reader.NextMember(s_volume)) != JsonReaderExtensions.End;)
            {
                switch (member)
                {
                    case VolumeName when reader.TokenType == JsonTokenType.String:
                        name = JsonString.At(ref reader, body);
                        break;
                    case HostPath when IsObject(ref reader):
                        hostPath = reader.ReadStringMember(s_path);
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

    private static List<PodContainer> ReadContainers(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
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
            for (int member; (member = reader.NextMember(s_container)) != JsonReaderExtensions.End;)
            {
                switch (member)
                {
                    case VolumeMounts when IsArray(ref reader):
                        mountPaths = ReadStringOfEach(ref reader, body, s_mountPath);
                        break;
                    case Env when IsArray(ref reader):
                        envNames = ReadStringOfEach(ref reader, body, s_name);
                        break;
                    case Resources when IsObject(ref reader):
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
        for (int member; (member = resources.NextMember(s_resources)) != JsonReaderExtensions.End;)
        {
            if (member != Limits || !IsObject(ref resources))
            {
                resources.Skip();
                continue;
            }

            for (int limit; (limit = resources.NextMember(s_limits)) != JsonReaderExtensions.End;)
            {
                switch (limit)
                {
                    case Cpu:
                        cpu = resources.StringOrSkip();
                        break;
                    case Memory:
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

    // The string member <paramref name="name"/> of every object in the array (volumeMounts' mountPath, env's name).
    private static List<JsonString> ReadStringOfEach(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, byte[][] name)
    {
        var values = new List<JsonString>();
        while (NextObjectItem(ref reader))
        {
            JsonString? value = null;
            for (int member; (member = reader.NextMember(name)) != JsonReaderExtensions.End;)
            {
                if (member == 0 && reader.TokenType == JsonTokenType.String)
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
}
