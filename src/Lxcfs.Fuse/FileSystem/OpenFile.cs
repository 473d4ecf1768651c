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
    private bool _disposed;

    // The pid the content rendered at OPEN was rendered for; 0 once a read took it or when there is none.
    private int _renderedAtOpenFor;

    // How long that render took, counted as the read that takes it: an OPEN never read (the healing pass
    // probes files that way) is no read.
    private long _renderAtOpenTicks;

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
    /// Renders for the opener before its first read asks (<see cref="Protocol.FuseServerOptions.RenderAtOpen"/>);
    /// nothing when a read came first, since that read rendered for itself and may be part-way through. A
    /// renderer that fails leaves the handle unrendered, for the read to render and answer the failure.
    /// </summary>
    public void RenderAtOpen(FuseCaller opener)
    {
        lock (_lock)
        {
            if (_rendered || _disposed)
            {
                return;
            }

            try
            {
                _renderAtOpenTicks = RenderSnapshot(opener);
            }
            catch
            {
                _snapshot.Reset();
                throw;
            }

            _renderedAtOpenFor = opener.Pid;
        }
    }

    /// <summary>
    /// Copies the bytes at <paramref name="offset"/> into <paramref name="destination"/>: a read at 0
    /// renders anew, but the opener's first one takes what was rendered at its OPEN; a first read elsewhere
    /// renders on demand; past the end gives 0 bytes.
    /// </summary>
    public int Read(FuseCaller caller, ulong offset, Span<byte> destination)
    {
        // The handle is being rendered (a slow render at OPEN): another reader waits for requests meanwhile.
        if (!_lock.TryEnter())
        {
            Session.FuseSession.YieldReadingTurn();
            _lock.Enter();
        }

        try
        {
            var tookOpenRender = offset == 0 && _renderedAtOpenFor != 0 && _renderedAtOpenFor == caller.Pid;
            _renderedAtOpenFor = 0;
            if (tookOpenRender)
            {
                File.Meter?.Rendered(Stopwatch.GetTimestamp() - _renderAtOpenTicks);
            }
            else if (offset == 0 || !_rendered)
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
        finally
        {
            _lock.Exit();
        }
    }

    private void Render(FuseCaller caller)
    {
        var meter = File.Meter;
        long ticks;
        try
        {
            ticks = RenderSnapshot(caller);
        }
        catch
        {
            // The request is answered EIO (FuseProtocolServer.HandleRequest); the reader sees an error.
            meter?.Failed();
            throw;
        }

        meter?.Rendered(Stopwatch.GetTimestamp() - ticks);
    }

    // Renders the content afresh into the snapshot; returns how long that took.
    private long RenderSnapshot(FuseCaller caller)
    {
        var started = Stopwatch.GetTimestamp();
        _snapshot.Reset();
        File.Render(caller, _snapshot);
        _rendered = true;
        return Stopwatch.GetTimestamp() - started;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _snapshot.Dispose();
        }
    }
}
