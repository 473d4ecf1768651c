using System.Text;
using System.Text.Json;

namespace Lxcfs.Webhook.Json;

/// <summary>
/// Walking an object with <see cref="Utf8JsonReader"/> by member name. Every member not asked for is still
/// read through (<see cref="Utf8JsonReader.Skip"/>), so the whole body is validated as JSON.
/// </summary>
internal static class JsonReaderExtensions
{
    /// <summary><see cref="NextMember"/>'s answer when the object has ended.</summary>
    public const int End = -2;

    /// <summary><see cref="NextMember"/>'s answer for a member whose name is not in the list.</summary>
    public const int Other = -1;

    /// <summary>
    /// Moves to the next member's value (the reader on its first token) and says which of
    /// <paramref name="names"/> it is, or <see cref="Other"/>; <see cref="End"/> at the end of the object.
    /// </summary>
    public static int NextMember(this ref Utf8JsonReader reader, byte[][] names)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            return End;
        }

        var member = Other;
        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueTextEquals(names[i]))
            {
                member = i;
                break;
            }
        }

        reader.Read();
        return member;
    }

    /// <summary>The string the reader is on, or null (the value skipped) when it is of another type.</summary>
    public static string? StringOrSkip(this ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>
    /// Reads the object the reader is on (from its start to its end) for one string member, the only name in
    /// <paramref name="name"/>; null when it is absent or of another type.
    /// </summary>
    public static string? ReadStringMember(this ref Utf8JsonReader reader, byte[][] name)
    {
        string? value = null;
        for (int member; (member = reader.NextMember(name)) != End;)
        {
            if (member == 0)
            {
                value = reader.StringOrSkip();
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
    }

    /// <summary>Member names as UTF-8, in the order <see cref="NextMember"/> numbers them.</summary>
    public static byte[][] Names(params string[] names) => [.. names.Select(Encoding.UTF8.GetBytes)];
}
