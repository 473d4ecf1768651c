namespace Lxcfs.Webhook.Json;

/// <summary>
/// The bytes a review is read from, for as long as they may be read. A pooled request body releases its
/// source when it is consumed; every <see cref="JsonString"/> left pointing into it then throws instead of
/// reading bytes the connection's pipe or the pool has since handed to another request.
/// </summary>
public sealed class JsonSource
{
    private ReadOnlyMemory<byte> _memory;
    private bool _released;

    /// <summary>Bytes the caller keeps unchanged until <see cref="Release"/>, or for good (an array of its own).</summary>
    public JsonSource(ReadOnlyMemory<byte> memory) => _memory = memory;

    public ReadOnlyMemory<byte> Memory => _released ? throw Released() : _memory;

    public ReadOnlySpan<byte> Slice(int start, int length) => _released ? throw Released() : _memory.Span.Slice(start, length);

    /// <summary>From now on nothing may read these bytes.</summary>
    public void Release()
    {
        _released = true;
        _memory = ReadOnlyMemory<byte>.Empty;
    }

    private static ObjectDisposedException Released() =>
        new(nameof(JsonSource), "a string of the review was read after its request body was consumed");
}
