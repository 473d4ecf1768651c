using System.Text;
using System.Text.Json;

namespace Lxcfs.Webhook.Json;

/// <summary>
/// A JSON string left where it stands in the request body (the token with its quotes): compared without
/// being decoded, decoded only when its text is wanted. Reading it after its <see cref="JsonSource"/> was
/// released throws: it cannot outlive the body it points into.
/// </summary>
public readonly record struct JsonString
{
    private JsonString(JsonSource source, int start, int length, bool escaped)
    {
        Source = source;
        Start = start;
        Length = length;
        Escaped = escaped;
    }

    private JsonSource Source { get; }

    private int Start { get; }

    private int Length { get; }

    // The token with its quotes.
    private ReadOnlySpan<byte> Token => Source.Slice(Start, Length);

    private bool Escaped { get; }

    /// <summary>The text as UTF-8: the bytes in the body, or an unescaped copy when the JSON escapes any.</summary>
    public ReadOnlySpan<byte> Utf8 => Escaped ? Unescape() : Source.Slice(Start + 1, Length - 2);

    /// <summary>
    /// The string (value or member name) the reader is on, which must be reading <paramref name="source"/>.
    /// Invalid UTF-8 is refused here, so that reading the text later cannot fail.
    /// </summary>
    public static JsonString At(ref Utf8JsonReader reader, JsonSource source)
    {
        if (reader.ValueIsEscaped)
        {
            _ = reader.GetString(); // unescapes and validates; throws InvalidOperationException on bad UTF-8
        }
        else if (!System.Text.Unicode.Utf8.IsValid(reader.ValueSpan))
        {
            throw new InvalidOperationException($"the string at byte {reader.TokenStartIndex} is not valid UTF-8");
        }

        return new JsonString(source, (int)reader.TokenStartIndex, reader.ValueSpan.Length + 2, reader.ValueIsEscaped);
    }

    public bool ValueEquals(ReadOnlySpan<byte> utf8) => Utf8.SequenceEqual(utf8);

    public bool ValueEquals(string text)
    {
        var utf8 = Utf8;
        // UTF-8 takes at least one byte and at most three per UTF-16 code unit.
        if (utf8.Length < text.Length || utf8.Length > text.Length * 3)
        {
            return false;
        }

        Span<byte> encoded = utf8.Length <= 256 ? stackalloc byte[utf8.Length] : new byte[utf8.Length];
        return Encoding.UTF8.TryGetBytes(text, encoded, out var written) && written == utf8.Length && encoded.SequenceEqual(utf8);
    }

    public string GetString() => Encoding.UTF8.GetString(Utf8);

    private byte[] Unescape()
    {
        var reader = new Utf8JsonReader(Token);
        reader.Read();
        var text = new byte[reader.ValueSpan.Length];
        return text[..reader.CopyString(text)];
    }
}
