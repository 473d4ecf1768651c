using System.Text;
using System.Text.Json;

namespace Lxcfs.Webhook.Json;

/// <summary>
/// The string members of a JSON object (labels, annotations) left in the request body; members of any
/// other type are left out. Only the values looked up are ever decoded.
/// </summary>
public sealed class JsonStringMap
{
    private readonly List<(JsonString Key, JsonString Value)> _members = [];

    public int Count => _members.Count;

    /// <summary>Reads the object the reader is on, from its start to its end; the reader must be reading <paramref name="source"/>.</summary>
    public static JsonStringMap Read(ref Utf8JsonReader reader, JsonSource source)
    {
        var map = new JsonStringMap();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = JsonString.At(ref reader, source);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                map._members.Add((key, JsonString.At(ref reader, source)));
            }
            else
            {
                reader.Skip();
            }
        }

        return map;
    }

    /// <summary>The value of <paramref name="key"/>, null when absent. A repeated key reads as its last value, as in the API server.</summary>
    public string? Get(string key)
    {
        // The key is encoded once, not once per member compared.
        var length = Encoding.UTF8.GetByteCount(key);
        Span<byte> utf8 = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(key, utf8);
        for (var i = _members.Count - 1; i >= 0; i--)
        {
            if (_members[i].Key.ValueEquals(utf8))
            {
                return _members[i].Value.GetString();
            }
        }

        return null;
    }
}
