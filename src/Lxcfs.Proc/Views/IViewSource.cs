using System.Buffers;

namespace Lxcfs.Proc.Views;

/// <summary>
/// Renders one view file for one caller. Called by the FUSE layer on the read at offset 0 of an open
/// file; the bytes written are the snapshot that later reads of the same handle continue in.
/// </summary>
public interface IViewSource
{
    /// <param name="file">which file</param>
    /// <param name="callerPid">the calling thread's id in the daemon's pid namespace (0 when unknown)</param>
    /// <param name="output">receives the whole file content</param>
    void Render(ViewFile file, int callerPid, IBufferWriter<byte> output);

    /// <summary>What the views remember (load averages, CPU lines shown), for the instance that takes over.</summary>
    ViewState ExportState();

    /// <summary>Goes on from a predecessor's state; returns how many load-average histories were taken up.</summary>
    int ImportState(ViewState state);
}
