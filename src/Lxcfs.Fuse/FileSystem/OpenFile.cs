using System.Buffers;
using System.Diagnostics;
using Lxcfs.Buffers;

namespace Lxcfs.Fuse.FileSystem;

/// <summary>
/// One open handle of a file: the snapshot rendered at its last read at offset 0. Reads of one handle
/// are serialised so a reader never sees a mix of two renderings.
/// </summary>
internal sealed class OpenFile : IDisposable
{
    private readonly Lock _lock = new();
    private readonly PooledBufferWriter _snapshot = new(2048);
    private bool _rendered;

    public OpenFile(FsFile file)
    {
        File = file;
    }

    public FsFile File { get; }

    /// <summary>A handle taken over from a predecessor, with the snapshot its reader is part-way through.</summary>
    public static OpenFile WithSnapshot(FsFile file, ReadOnlySpan<byte> snapshot)
    {
        var open = new OpenFile(file);
        open._snapshot.Write(snapshot);
        open._rendered = true;
        return open;
    }

    /// <summary>The current snapshot, or null when nothing was rendered yet.</summary>
    public byte[]? ExportSnapshot()
    {
        lock (_lock)
        {
            return _rendered ? _snapshot.WrittenSpan.ToArray() : null;
        }
    }

    /// <summary>
    /// Copies the bytes at <paramref name="offset"/> into <paramref name="destination"/>: a read at 0
    /// renders anew; a first read elsewhere renders on demand; past the end gives 0 bytes.
    /// </summary>
    public int Read(FuseCaller caller, ulong offset, Span<byte> destination)
    {
        lock (_lock)
        {
            if (offset == 0 || !_rendered)
            {
                Render(caller);
            }

            var content = _snapshot.WrittenSpan;
            if (offset >= (ulong)content.Length)
            {
                return 0;
            }

            var slice = content[(int)offset..];
            var count = Math.Min(slice.Length, destination.Length);
            slice[..count].CopyTo(destination);
            return count;
        }
    }

    private void Render(FuseCaller caller)
    {
        var meter = File.Meter;
        var started = meter is null ? 0 : Stopwatch.GetTimestamp();
        _snapshot.Reset();
        try
        {
            File.Render(caller, _snapshot);
        }
        catch
        {
            // The request is answered EIO (FuseProtocolServer.HandleRequest); the reader sees an error.
            meter?.Failed();
            throw;
        }

        _rendered = true;
        meter?.Rendered(started);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _snapshot.Dispose();
        }
    }
}
