using System.Buffers;
using System.IO.Pipelines;
using Lxcfs.Webhook.Json;

namespace Lxcfs.Webhook.Admission;

/// <summary>
/// A whole request body in one piece of memory. A body that arrived in one buffer is read where it lies,
/// in the connection's pipe, and is only consumed on <see cref="Dispose"/>; one that spans buffers is
/// copied to a pooled array (<see cref="BodyCopy"/>, as it arrives). Dispose releases <see cref="Source"/>,
/// so a string of the review used after it throws instead of reading reused memory.
/// </summary>
public sealed class RequestBody : IDisposable
{
    private const int SharedPoolLimit = 256 * 1024;

    // Megabyte bodies come from a pool of their own that keeps a few arrays per size: the shared pool
    // would keep dozens of them (per core and per thread), and fresh arrays would leave the GC a large
    // heap of garbage after every burst.
    private static readonly ArrayPool<byte> LargeBodies = ArrayPool<byte>.Create(maxArrayLength: 8 * 1024 * 1024, maxArraysPerBucket: 4);

    private readonly PipeReader? _pipe;
    private readonly SequencePosition _end;
    private readonly ArrayPool<byte>? _pool;
    private byte[]? _rented;

    private RequestBody(ReadOnlyMemory<byte> memory, PipeReader? pipe, SequencePosition end, byte[]? rented, ArrayPool<byte>? pool = null)
    {
        _pool = pool;
        Source = new JsonSource(memory);
        _pipe = pipe;
        _end = end;
        _rented = rented;
    }

    public JsonSource Source { get; }

    /// <summary>Takes the complete body <paramref name="buffer"/> that <paramref name="pipe"/> returned and has not been advanced past.</summary>
    public static RequestBody Take(PipeReader pipe, ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            return new RequestBody(buffer.First, pipe, buffer.End, null);
        }

        using var copy = new BodyCopy(buffer.Length);
        copy.Append(buffer);
        pipe.AdvanceTo(buffer.End);
        return copy.ToBody();
    }

    /// <summary>The pool an array of <paramref name="length"/> bytes comes from.</summary>
    internal static ArrayPool<byte> PoolFor(int length) => length <= SharedPoolLimit ? ArrayPool<byte>.Shared : LargeBodies;

    /// <summary>A body copied into <paramref name="rented"/> (from <paramref name="pool"/>), which it returns on Dispose.</summary>
    internal static RequestBody Copied(byte[] rented, int length, ArrayPool<byte> pool) =>
        new(rented.AsMemory(0, length), null, default, rented, pool);

    public void Dispose()
    {
        Source.Release();
        if (_rented is { } rented)
        {
            _rented = null;
            _pool!.Return(rented);
        }
        else
        {
            _pipe?.AdvanceTo(_end);
        }
    }
}
