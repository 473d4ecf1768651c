using System.Buffers;
using System.Runtime.InteropServices;
using Lxcfs.Fuse.FileSystem;
using Lxcfs.Fuse.Protocol;
using Lxcfs.Fuse.Session;

namespace Lxcfs.Bench;

/// <summary>
/// lxcfs-bench floor DIR [READERS]: mounts, with the daemon's own FUSE layer and reader count, a tree holding one
/// 16-byte file whose content costs nothing to produce, and serves it until SIGTERM. What a read of it
/// costs is the kernel's FUSE round trips: the part of every figure that no server can remove.
/// </summary>
internal static class FloorServer
{
    public const string FileName = "floor";
    private static readonly byte[] s_content = "0123456789abcde\n"u8.ToArray();

    /// <param name="mountPoint">where to mount</param>
    /// <param name="readers">reader threads; the daemon's default (one per CPU, 2 to 8) when null</param>
    public static int Run(string mountPoint, int? readers)
    {
        readers ??= FuseSession.DefaultReaders;
        var root = FsTree.NewRoot();
        root.Add(new FsFile(FileName, (_, output) => output.Write(s_content), () => (ulong)s_content.Length));
        var server = new FuseProtocolServer(new FsTree(root));
        var options = new FuseMountOptions { Source = "floor", FsType = "fuse.floor" };
        _ = FuseMounter.Prepare(mountPoint, options);
        using var stop = new ManualResetEventSlim();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Set();
        });
        using var session = new FuseSession(FuseDevice.Open(), server);
        FuseMounter.Mount(session.Device, mountPoint, options);
        try
        {
            session.Initialize();
            session.Start(readers.Value);
            Console.Out.WriteLine($"serving {Path.Combine(mountPoint, FileName)}");
            WaitHandle.WaitAny([stop.WaitHandle, ((IAsyncResult)session.Ended).AsyncWaitHandle]);
        }
        finally
        {
            FuseMounter.Unmount(mountPoint);
        }

        return 0;
    }
}
