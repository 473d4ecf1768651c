namespace Lxcfs.Webhook.Patching;

/// <summary>RFC 6901 pointers: '~' becomes "~0" and '/' becomes "~1" (annotation keys contain '/').</summary>
public static class JsonPointer
{
    public static string Append(string parent, string segment) =>
        string.Concat(parent, "/", Escape(segment));

    public static string Escape(string segment) =>
        segment.AsSpan().IndexOfAny('~', '/') < 0
            ? segment
            : segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
