using Lxcfs.Daemon.Tests;
using Lxcfs.Testing;

namespace Lxcfs.Containers.Tests;

/// <summary>Real containers: podman driving runc, with the image hack/prereqs.d/50-podman.sh builds.</summary>
internal static class Podman
{
    public const string Image = "localhost/lxcfs-test-busybox:latest";

    /// <summary>The files an LXCFS user binds into a container, relative to the daemon's mount point.</summary>
    public static readonly string[] LxcfsFiles =
    [
        "proc/cpuinfo", "proc/diskstats", "proc/loadavg", "proc/meminfo", "proc/stat", "proc/swaps", "proc/uptime",
        "sys/devices/system/cpu/online",
    ];

    public static void RequirePrerequisites()
    {
        DaemonProcess.RequirePrerequisites();
        Prerequisite.RequireExecutable("podman");
        Prerequisite.RequireExecutable("runc");
        Prerequisite.Require(ProcessRunner.Run("podman", ["image", "exists", Image]).ExitCode == 0, $"the podman image {Image} (hack/prereqs.d/50-podman.sh)");
    }

    /// <summary>
    /// <c>podman run</c> arguments up to the image. runc, not crun (crun's rlimit setup needs
    /// CAP_SYS_RESOURCE); rlimits below the host's hard limits, which podman's defaults exceed.
    /// </summary>
    public static List<string> RunArguments(string name, IEnumerable<string> options) =>
    [
        "--runtime", "runc", "run", "--name", name, "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096",
        .. options,
    ];

    /// <summary><c>-v</c> options binding every LXCFS file of <paramref name="mountPoint"/> over the container's own.</summary>
    public static IEnumerable<string> LxcfsVolumes(string mountPoint, string mode = "rw") =>
        LxcfsFiles.SelectMany(f => new[] { "-v", $"{Path.Combine(mountPoint, f)}:/{f}:{mode}" });

    public static string UniqueName() => $"lxcfs-test-{Guid.NewGuid():N}"[..24];

    /// <summary>Runs <paramref name="script"/> in a new container that is removed afterwards.</summary>
    public static ProcessResult RunOnce(IEnumerable<string> options, string script, TimeSpan? timeout = null)
    {
        var name = UniqueName();
        try
        {
            return ProcessRunner.Run("podman", [.. RunArguments(name, ["--rm", .. options]), Image, "/bin/sh", "-c", script], timeout ?? TimeSpan.FromSeconds(60));
        }
        finally
        {
            // --rm removes it; this only catches a container left behind by a timeout. Our own name only.
            ProcessRunner.Run("podman", ["rm", "--force", "--ignore", "--time", "0", name]);
        }
    }
}
