using System.Text;
using System.Text.Json;

namespace Lxcfs.Webhook.Json;

/// <summary>
/// Walking an object with <see cref="Utf8JsonReader"/> by member name. The members a reader wants are an
/// enum whose member names are the JSON names in PascalCase (<c>GenerateName</c> is <c>"generateName"</c>),
/// so a name and the case that handles it cannot drift apart. Every member not asked for is still read
/// through (<see cref="Utf8JsonReader.Skip"/>), so the whole body is validated as JSON.
/// </summary>
internal static class JsonReaderExtensions
{
    /// <summary>
    /// Moves to the next member's value (the reader on its first token) and says which member of
    /// <typeparamref name="TMember"/> it is, or null for any other name; false at the end of the object.
    /// </summary>
    public static bool NextMember<TMember>(this ref Utf8JsonReader reader, out TMember? member)
        where TMember : struct, Enum
    {
        member = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            return false;
        }

        var names = JsonMembers<TMember>.Utf8Names;
        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueTextEquals(names[i]))
            {
                member = JsonMembers<TMember>.Values[i];
                break;
            }
        }

        reader.Read();
        return true;
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
    /// Reads the object the reader is on (from its start to its end) for its one string member named by
    /// <typeparamref name="TMember"/>'s only member; null when it is absent or of another type.
    /// </summary>
    public static string? ReadStringMember<TMember>(this ref Utf8JsonReader reader)
        where TMember : struct, Enum
    {
        string? value = null;
        while (reader.NextMember(out TMember? member))
        {
            if (member is not null)
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

    /// <summary>The strings of the array the reader is on (from its start to its end); items of other types are left out.</summary>
    public static List<string> ReadStrings(this ref Utf8JsonReader reader)
    {
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.StringOrSkip() is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }

    /// <summary>The JSON names of an enum's members, in the order <see cref="Enum.GetValues{TEnum}"/> gives them.</summary>
    private static class JsonMembers<TMember>
        where TMember : struct, Enum
    {
        public static readonly TMember[] Values = Enum.GetValues<TMember>();

        public static readonly byte[][] Utf8Names = [.. Values.Select(v => Encoding.UTF8.GetBytes(JsonName(v.ToString())))];

        private static string JsonName(string pascal) => string.Concat(char.ToLowerInvariant(pascal[0]).ToString(), pascal.AsSpan(1));
    }
}
