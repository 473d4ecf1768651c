using System.Text;
using System.Text.Json;
using Lxcfs.Webhook.Patching;

namespace Lxcfs.Webhook.Pods;

/// <summary>Adds one annotation, creating metadata.annotations (or metadata) when the pod has none.</summary>
internal sealed class StatusAnnotationWriter
{
    private readonly JsonEncodedText _key;
    private readonly JsonEncodedText _value;
    private readonly byte[] _memberPath;

    public StatusAnnotationWriter(string key, string value)
    {
        _key = JsonEncodedText.Encode(key);
        _value = JsonEncodedText.Encode(value);
        _memberPath = Encoding.UTF8.GetBytes(JsonPointer.Append("/metadata/annotations", key));
    }

    public void Write(PodObject pod, PodPatch patch)
    {
        if (pod.Metadata?.Annotations is not null)
        {
            patch.BeginAdd(_memberPath).WriteStringValue(_value);
        }
        else if (pod.Metadata is not null)
        {
            var writer = patch.BeginAdd("/metadata/annotations"u8);
            writer.WriteStartObject();
            writer.WriteString(_key, _value);
            writer.WriteEndObject();
        }
        else
        {
            var writer = patch.BeginAdd("/metadata"u8);
            writer.WriteStartObject();
            writer.WriteStartObject("annotations");
            writer.WriteString(_key, _value);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        patch.EndAdd();
    }
}
