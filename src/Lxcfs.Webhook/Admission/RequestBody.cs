using System.Buffers;
using System.IO.Pipelines;

namespace Lxcfs.Webhook.Admission;

/// <summary>
/// A whole request body in one piece of memory. A body that arrived in one buffer is read where it lies,
/// in the connection's pipe, and is only consumed on <see cref="Dispose"/>; one that spans buffers is
/// copied once to a pooled array. Nothing that points into <see cref="Memory"/> may be used after Dispose.
/// </summary>
public sealed class RequestBody : IDisposable
{
    private readonly PipeReader? _pipe;
    private readonly SequencePosition _end;
    private byte[]? _rented;

    private RequestBody(ReadOnlyMemory<byte> memory, PipeReader? pipe, SequencePosition end, byte[]? rented)
    {
        Memory = memory;
        _pipe = pipe;
        _end = end;
        _rented = rented;
    }

    public ReadOnlyMemory<byte> Memory { get; private set; }

    /// <summary>Takes the complete body <paramref name="buffer"/> that <paramref name="pipe"/> returned and has not been advanced past.</summary>
    public static RequestBody Take(PipeReader pipe, ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            return new RequestBody(buffer.First, pipe, buffer.End, null);
        }

        // The length is taken before the pipe is advanced: after that, the sequence's segments are recycled.
        var length = (int)buffer.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        buffer.CopyTo(rented);
        pipe.AdvanceTo(buffer.End);
        return new RequestBody(rented.AsMemory(0, length), null, default, rented);
    }

    public void Dispose()
    {
        Memory = ReadOnlyMemory<byte>.Empty;
        if (_rented is { } rented)
        {
            _rented = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
        else
        {
            _pipe?.AdvanceTo(_end);
        }
    }
}
