using System.Buffers;

namespace Lxcfs.Webhook.Admission;

/// <summary>
/// A body being copied out of the connection's pipe as it arrives, so that Kestrel's buffers are handed
/// back at once instead of holding the whole body (its pool would keep every block a burst needed). Sized
/// from Content-Length when there is one; grows by doubling when there is not.
/// </summary>
internal sealed class BodyCopy : IDisposable
{
    private const int InitialUnknownLength = 64 * 1024;

    private ArrayPool<byte> _pool;
    private byte[]? _array;
    private int _length;

    public BodyCopy(long? expectedLength)
    {
        var size = (int)Math.Max(expectedLength ?? InitialUnknownLength, 1);
        _pool = RequestBody.PoolFor(size);
        _array = _pool.Rent(size);
    }

    public int Length => _length;

    public void Append(in ReadOnlySequence<byte> data)
    {
        var array = _array ?? throw new ObjectDisposedException(nameof(BodyCopy));
        var needed = _length + (int)data.Length;
        if (needed > array.Length)
        {
            var pool = RequestBody.PoolFor(needed);
            var grown = pool.Rent(Math.Max(needed, array.Length * 2));
            array.AsSpan(0, _length).CopyTo(grown);
            _pool.Return(array);
            (_array, _pool, array) = (grown, pool, grown);
        }

        data.CopyTo(array.AsSpan(_length));
        _length = needed;
    }

    /// <summary>The copy as a body, which now owns the array.</summary>
    public RequestBody ToBody()
    {
        var array = _array ?? throw new ObjectDisposedException(nameof(BodyCopy));
        _array = null;
        return RequestBody.Copied(array, _length, _pool);
    }

    public void Dispose()
    {
        if (_array is { } array)
        {
            _array = null;
            _pool.Return(array);
        }
    }
}
