using Lxcfs.Interop;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>Start, stop, crash and restart of a real daemon process.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public void Sigterm_unmounts_removes_the_pidfile_and_exits_0()
    {
        using var daemon = DaemonProcess.Start();
        File.ReadAllText(daemon.PidFile).Should().Be($"{daemon.Pid}\n");

        daemon.Terminate().Should().Be(0);

        daemon.IsMounted().Should().BeFalse();
        File.Exists(daemon.PidFile).Should().BeFalse();
        daemon.Stderr.Should().Contain("stopping: received SIGTERM");
    }

    [Fact]
    public void Started_with_lxcfs_6s_enable_cgroup_it_serves_and_says_once_that_cgroup_is_not_served()
    {
        using var daemon = DaemonProcess.Start(extraArgs: ["--enable-cgroup"]);

        File.ReadAllText(Path.Combine(daemon.MountPoint, "proc/uptime")).Should().NotBeEmpty();
        Directory.Exists(Path.Combine(daemon.MountPoint, "cgroup")).Should().BeFalse();
        daemon.Stderr.Split('\n').Count(l => l.Contains("/cgroup is not served", StringComparison.Ordinal)).Should().Be(1);
        daemon.Terminate().Should().Be(0);
    }

    [Fact]
    public void A_missing_mount_point_is_created()
    {
        var parent = Directory.CreateTempSubdirectory("lxcfs-test-").FullName;
        using var daemon = DaemonProcess.Start(mountPoint: Path.Combine(parent, "a", "b"), workDir: parent);

        File.ReadAllText(Path.Combine(daemon.MountPoint, "sys/devices/system/cpu/online")).Should().NotBeEmpty();
    }

    [Fact]
    public void After_kill_9_the_mount_is_dead_and_a_new_daemon_heals_it_and_serves()
    {
        using var first = DaemonProcess.Start();
        first.KillHard();
        Libc.StatErrno(first.MountPoint).Should().Be(Errno.ENOTCONN, "Transport endpoint is not connected");

        using var second = DaemonProcess.Start(mountPoint: first.MountPoint, workDir: Directory.CreateTempSubdirectory("lxcfs-test-").FullName);

        File.ReadAllText(Path.Combine(second.MountPoint, "proc/uptime")).Should().MatchRegex(@"^\d+\.\d\d \d+\.\d\d\n$");
        second.Stderr.Should().Contain("detached a dead mount");
        File.ReadAllLines("/proc/self/mountinfo").Count(l => l.Contains($" {first.MountPoint} ", StringComparison.Ordinal)).Should().Be(1, "the dead mount is gone, not stacked under the new one");
        second.Terminate().Should().Be(0);
    }

    [Fact]
    public void The_connection_ending_under_the_daemon_makes_it_exit()
    {
        using var daemon = DaemonProcess.Start();

        ProcessRunner.Run("umount", [daemon.MountPoint]).ExitCode.Should().Be(0);

        daemon.WaitExit(TimeSpan.FromSeconds(10)).Should().Be(0);
        daemon.Stderr.Should().Contain("connection ended (unmounted)");
    }
}
