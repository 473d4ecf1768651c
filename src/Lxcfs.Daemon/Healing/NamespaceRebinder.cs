using System.Runtime.InteropServices;
using Lxcfs.Interop;

namespace Lxcfs.Daemon.Healing;

/// <summary>The result of replacing one dead mount; <paramref name="Error"/> is null on success.</summary>
public sealed record RebindOutcome(LxcfsBindMount Mount, string? Error);

/// <summary>
/// Replaces dead LXCFS mounts inside another mount namespace by fresh binds of the daemon's files.
/// The container cannot see the daemon's mount point, so each fresh file is first cloned as a detached
/// mount (open_tree) in the daemon's namespace; a dedicated thread then leaves the shared filesystem
/// context (unshare CLONE_FS, which setns into a mount namespace requires), enters the container's
/// namespace, attaches the clone beneath the dead mount at the same path and detaches the dead one
/// (move_mount; on kernels before 6.5, the dead one first and then the clone). The thread
/// ends there, so no other thread of the daemon ever runs in the container's namespace.
/// </summary>
internal static class NamespaceRebinder
{
    public static IReadOnlyList<RebindOutcome> Rebind(NamespaceProcess process, string freshRoot, IReadOnlyList<LxcfsBindMount> dead)
    {
        var trees = new int[dead.Count];
        var outcomes = new RebindOutcome?[dead.Count];
        try
        {
            for (var i = 0; i < dead.Count; i++)
            {
                (trees[i], var error) = CloneFresh(freshRoot, dead[i]);
                outcomes[i] = error is null ? null : new RebindOutcome(dead[i], error);
            }

            var namespaceFd = Libc.Open($"/proc/{process.Pid}/ns/mnt", Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (namespaceFd < 0)
            {
                return Fail(dead, $"cannot open its mount namespace: {Errno.Describe(Marshal.GetLastPInvokeError())}");
            }

            try
            {
                var thread = new Thread(() => AttachInNamespace(namespaceFd, dead, trees, outcomes)) { IsBackground = true, Name = "lxcfs-heal" };
                thread.Start();
                thread.Join();
            }
            finally
            {
                _ = Libc.Close(namespaceFd);
            }

            return [.. outcomes.Select((o, i) => o ?? new RebindOutcome(dead[i], "not attempted"))];
        }
        finally
        {
            foreach (var fd in trees.Where(fd => fd > 0))
            {
                _ = Libc.Close(fd);
            }
        }
    }

    private static (int Fd, string? Error) CloneFresh(string freshRoot, LxcfsBindMount mount)
    {
        var source = mount.Root == "/" ? freshRoot : freshRoot + mount.Root;
        var fd = Libc.OpenTreeClone(source);
        if (fd < 0)
        {
            return (-1, $"cannot clone the fresh {source}: {Errno.Describe(Marshal.GetLastPInvokeError())}");
        }

        if (mount.ReadOnly && Libc.SetReadOnly(fd) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = Libc.Close(fd);
            return (-1, $"cannot make the fresh {source} read-only: {Errno.Describe(errno)}");
        }

        return (fd, null);
    }

    // Runs on its own thread: after setns this thread's root and cwd are the container's.
    private static void AttachInNamespace(int namespaceFd, IReadOnlyList<LxcfsBindMount> dead, int[] trees, RebindOutcome?[] outcomes)
    {
        if (Libc.Unshare(Libc.CLONE_FS) != 0 || Libc.Setns(namespaceFd, Libc.CLONE_NEWNS) != 0)
        {
            var error = $"cannot enter its mount namespace: {Errno.Describe(Marshal.GetLastPInvokeError())}";
            for (var i = 0; i < dead.Count; i++)
            {
                outcomes[i] ??= new RebindOutcome(dead[i], error);
            }

            return;
        }

        for (var i = 0; i < dead.Count; i++)
        {
            if (outcomes[i] is null)
            {
                outcomes[i] = Replace(dead[i], trees[i]);
            }
        }
    }

    private static RebindOutcome Replace(LxcfsBindMount mount, int tree)
    {
        // The fresh file goes beneath the dead mount, then the dead one comes off the top: the path never
        // shows what lies under both, the container's own /proc file with the host's numbers, and the
        // container never ends up with two stacked LXCFS mounts.
        if (Libc.MoveMountBeneath(tree, mount.Target) == 0)
        {
            return Libc.Umount2(mount.Target, Libc.MNT_DETACH) == 0
                ? new RebindOutcome(mount, null)
                : new RebindOutcome(mount, $"cannot detach the dead mount above the fresh file: {Errno.Describe(Marshal.GetLastPInvokeError())}");
        }

        // Kernels before 6.5 cannot mount beneath (nor can anyone when the dead mount is already gone):
        // the dead mount goes first, and for that instant a reader may see the host's file.
        _ = Libc.Umount2(mount.Target, Libc.MNT_DETACH);
        return Libc.MoveMount(tree, mount.Target) == 0
            ? new RebindOutcome(mount, null)
            : new RebindOutcome(mount, $"cannot attach the fresh file: {Errno.Describe(Marshal.GetLastPInvokeError())}");
    }

    private static RebindOutcome[] Fail(IReadOnlyList<LxcfsBindMount> dead, string error) => [.. dead.Select(m => new RebindOutcome(m, error))];
}
