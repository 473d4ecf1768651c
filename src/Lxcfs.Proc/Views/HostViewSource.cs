using System.Buffers;
using Lxcfs.Proc.IO;

namespace Lxcfs.Proc.Views;

/// <summary>Serves every view as the host's own file: the fallback when a caller's container cannot be read.</summary>
public sealed class HostViewSource : IViewSource
{
    public void Render(ViewFile file, int callerPid, IBufferWriter<byte> output) => HostFile.CopyTo(ServedFiles.Of(file).HostPath, output);

    public ViewState ExportState() => ViewState.Empty;

    public int ImportState(ViewState state) => 0;
}
