using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Lxcfs.Proc.Views;

/// <summary>Reads pseudo-files (procfs, sysfs, cgroupfs) whose size is unknown until read to the end.</summary>
public static class HostFile
{
    /// <summary>Appends the whole file to <paramref name="output"/>; returns the bytes copied.</summary>
    public static int CopyTo(string path, IBufferWriter<byte> output)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.None);
        var total = 0;
        while (true)
        {
            var span = output.GetSpan(4096);
            // procfs files must be read sequentially (no pread offsets beyond what was returned).
            var read = RandomAccess.Read(handle, span, total);
            if (read <= 0)
            {
                return total;
            }

            output.Advance(read);
            total += read;
        }
    }
}
