using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Operations;

namespace Lxcfs.Webhook.Patching;

/// <summary>Serialises operations as a compact RFC 6902 document (no null "from" members).</summary>
public static class JsonPatchWriter
{
    public static byte[] ToUtf8(IReadOnlyList<Operation> operations)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * (operations.Count + 1));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var operation in operations)
            {
                writer.WriteStartObject();
                writer.WriteString("op", operation.op);
                writer.WriteString("path", operation.path);
                if (operation.from is not null)
                {
                    writer.WriteString("from", operation.from);
                }

                if (operation.op is "add" or "replace" or "test")
                {
                    writer.WritePropertyName("value");
                    WriteValue(writer, operation.value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // Values come from JsonDiff as JsonNode; a JSON null arrives as a null reference.
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        if (value is JsonNode node)
        {
            node.WriteTo(writer);
        }
        else if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            throw new ArgumentException($"patch values must be JsonNode, got {value.GetType().Name}", nameof(value));
        }
    }
}
