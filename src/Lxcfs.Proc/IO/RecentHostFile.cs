namespace Lxcfs.Proc.IO;

/// <summary>
/// A host file whose content hardly changes, read at most once per <c>maxAge</c> and shared by every
/// reader meanwhile. For <c>/proc/cpuinfo</c>: the kernel renders it slowly (it samples each CPU's
/// frequency for "cpu MHz", the only line that moves), and everything else in it changes only with
/// hotplug or microcode updates.
/// </summary>
public sealed class RecentHostFile(string path, TimeSpan maxAge)
{
    private readonly long _maxAgeMilliseconds = (long)maxAge.TotalMilliseconds;
    private Snapshot? _snapshot;

    /// <summary>The content read at most <c>maxAge</c> ago; throws like <see cref="HostFile.CopyTo"/>.</summary>
    public ReadOnlyMemory<byte> Read()
    {
        var now = Environment.TickCount64;
        if (Volatile.Read(ref _snapshot) is { } recent && now - recent.ReadAt < _maxAgeMilliseconds)
        {
            return recent.Content;
        }

        // Concurrent readers of an expired snapshot may each read the file once; the last one wins.
        var writer = new System.Buffers.ArrayBufferWriter<byte>(8192);
        HostFile.CopyTo(path, writer);
        var fresh = new Snapshot(writer.WrittenMemory.ToArray(), now);
        Volatile.Write(ref _snapshot, fresh);
        return fresh.Content;
    }

    private sealed record Snapshot(ReadOnlyMemory<byte> Content, long ReadAt);
}
