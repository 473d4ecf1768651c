using System.Runtime.InteropServices;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Session;

/// <summary>Prepares a mount point, mounts a connection on it with mount(2), and unmounts.</summary>
public static class FuseMounter
{
    /// <summary>
    /// Makes <paramref name="mountPoint"/> ready: creates it when missing and detaches a dead FUSE mount
    /// a killed daemon left there. Returns true when a dead mount was detached. Throws with one clear
    /// message when it is not a directory, is served by a live daemon, or is not empty.
    /// </summary>
    public static bool Prepare(string mountPoint, FuseMountOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var healed = false;
        var errno = Probe(mountPoint);
        if (errno == Errno.ENOTCONN)
        {
            // "Transport endpoint is not connected": the daemon behind it died.
            DetachAll(mountPoint);
            healed = true;
            errno = Probe(mountPoint);
        }

        if (errno == Errno.ENOENT)
        {
            Directory.CreateDirectory(mountPoint);
            return healed;
        }

        if (errno is not 0 and not Errno.ENOTDIR)
        {
            throw FuseException.FromErrno($"cannot use mount point {mountPoint}", errno);
        }

        if (errno == Errno.ENOTDIR)
        {
            throw new FuseException($"mount point {mountPoint} is not a directory", Errno.ENOTDIR);
        }

        if (MountTable.Find(MountTable.Read(), mountPoint) is { FsType: var type } && type.StartsWith("fuse", StringComparison.Ordinal))
        {
            throw new FuseException($"{mountPoint} is already mounted ({type}) and answering: is another instance running?", Errno.EBUSY);
        }

        if (!options.NonEmpty && Directory.EnumerateFileSystemEntries(mountPoint).Any())
        {
            throw new FuseException($"mount point {mountPoint} is not empty (use -o nonempty to mount over it)", Errno.ENOTEMPTY);
        }

        return healed;
    }

    /// <summary>Mounts <paramref name="device"/>'s connection at <paramref name="mountPoint"/>.</summary>
    public static void Mount(FuseDevice device, string mountPoint, FuseMountOptions options)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        var fullPath = Path.GetFullPath(mountPoint);
        if (Libc.Mount(options.Source, fullPath, options.FsType, Libc.MS_NOSUID | Libc.MS_NODEV, options.Data(device.Fd)) != 0)
        {
            throw FuseException.FromErrno($"mount of {options.FsType} at {fullPath} failed", Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Unmounts lazily, so open files and busy readers do not keep the daemon from exiting.</summary>
    public static bool Unmount(string mountPoint) => Libc.Umount2(Path.GetFullPath(mountPoint), Libc.MNT_DETACH) == 0;

    /// <summary>True when the path is a mount whose daemon is gone (ENOTCONN).</summary>
    public static bool IsDead(string mountPoint) => Probe(mountPoint) == Errno.ENOTCONN;

    // A path that exists but is no directory fails with ENOTDIR; a missing one with ENOENT.
    private static int Probe(string mountPoint) => Libc.OpenDirectoryErrno(mountPoint);

    private static void DetachAll(string mountPoint)
    {
        // A dead mount may sit on top of another dead one (a daemon restarted over a dead mount before).
        for (var i = 0; i < 16 && Probe(mountPoint) == Errno.ENOTCONN; i++)
        {
            if (Libc.Umount2(mountPoint, Libc.MNT_DETACH) != 0)
            {
                throw FuseException.FromErrno($"cannot detach the dead mount at {mountPoint}", Marshal.GetLastPInvokeError());
            }
        }
    }
}
