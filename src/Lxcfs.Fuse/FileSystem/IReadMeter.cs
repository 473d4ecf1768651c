namespace Lxcfs.Fuse.FileSystem;

/// <summary>
/// Counts the reads of one file, as a reader experiences them: one per rendering of its content (an
/// open, a read to the end and a close make one). Called on FUSE reader threads, so an implementation must
/// not lock, allocate or block.
/// </summary>
public interface IReadMeter
{
    /// <summary>A read rendered the content; <paramref name="startTimestamp"/> is <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> at its start.</summary>
    void Rendered(long startTimestamp);

    /// <summary>An open or a read of the file was answered with an errno instead of content.</summary>
    void Failed();
}
