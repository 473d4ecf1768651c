using System.Text;
using System.Text.Json;
using Lxcfs.Webhook.Patching;

namespace Lxcfs.Webhook.Pods;

/// <summary>Sets one annotation, creating metadata.annotations (or metadata) when the pod has none.</summary>
internal sealed class StatusAnnotationWriter
{
    private readonly string _key;
    private readonly JsonEncodedText _encodedKey;
    private readonly byte[] _memberPath;

    public StatusAnnotationWriter(string key)
    {
        _key = key;
        _encodedKey = JsonEncodedText.Encode(key);
        _memberPath = Encoding.UTF8.GetBytes(JsonPointer.Append("/metadata/annotations", key));
    }

    /// <summary>Adds the operation unless the pod already says <paramref name="value"/>.</summary>
    public void Write(PodObject pod, PodPatch patch, string value)
    {
        var annotations = pod.Metadata?.Annotations;
        if (annotations?.Get(_key) == value)
        {
            return;
        }

        if (annotations is not null)
        {
            patch.BeginAdd(_memberPath).WriteStringValue(value);
        }
        else if (pod.Metadata is not null)
        {
            var writer = patch.BeginAdd("/metadata/annotations"u8);
            writer.WriteStartObject();
            writer.WriteString(_encodedKey, value);
            writer.WriteEndObject();
        }
        else
        {
            var writer = patch.BeginAdd("/metadata"u8);
            writer.WriteStartObject();
            writer.WriteStartObject("annotations");
            writer.WriteString(_encodedKey, value);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        patch.EndAdd();
    }
}
