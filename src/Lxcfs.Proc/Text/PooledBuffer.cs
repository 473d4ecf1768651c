using System.Buffers;
using Lxcfs.Proc.Views;

namespace Lxcfs.Proc.Text;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>. The owner disposes it,
/// which returns the array; the written span must not be used after that.
/// </summary>
public sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _length;

    public PooledBuffer(int initialSize = 4096) => _array = ArrayPool<byte>.Shared.Rent(initialSize);

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    public int Length => _length;

    /// <summary>Reads a whole (pseudo-)file; throws what <see cref="File.OpenHandle"/> throws.</summary>
    public static PooledBuffer ReadFile(string path)
    {
        var buffer = new PooledBuffer();
        try
        {
            HostFile.CopyTo(path, buffer);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Like <see cref="ReadFile"/>, but null when the file or its directory does not exist.</summary>
    public static PooledBuffer? TryReadFile(string path)
    {
        var buffer = new PooledBuffer();
        var errno = HostFile.TryCopyTo(path, buffer, out _);
        if (errno == 0)
        {
            return buffer;
        }

        buffer.Dispose();
        return HostFile.IsMissing(errno) ? null : throw HostFile.ToException(path, errno);
    }

    /// <summary>Forgets what was written, keeping the array.</summary>
    public void Reset() => _length = 0;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _array.Length - _length);
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_length);
    }

    public void Clear() => _length = 0;

    public void Dispose()
    {
        var array = _array;
        _array = [];
        _length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_array.Length - _length >= sizeHint)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _length + sizeHint));
        _array.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
